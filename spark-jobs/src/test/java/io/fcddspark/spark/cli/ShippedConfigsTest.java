package io.fcddspark.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShippedConfigsTest {
  private static Path zip(Path file, String... entries) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String e : entries) {
        zip.putNextEntry(new ZipEntry(e));
        zip.write(("content of " + e).getBytes());
        zip.closeEntry();
      }
    }
    return file;
  }

  @Test
  void unpacksTheArchiveNamedConfBesideTheDriverOnce(@TempDir Path dir) throws IOException {
    Path archive = zip(dir.resolve("fcdd-conf.zip"), "train/a.yaml", "baselines/b.csv");
    Path driver = Files.createDirectories(dir.resolve("driver"));
    String archives = "file:///elsewhere/other.zip#other," + archive.toUri() + "#conf";

    assertThat(ShippedConfigs.unpack(archives, driver)).isTrue();
    assertThat(driver.resolve("conf/train/a.yaml")).hasContent("content of train/a.yaml");
    assertThat(driver.resolve("conf/baselines/b.csv")).exists();
    assertThat(ShippedConfigs.unpack(archives, driver)).as("already there").isFalse();
    assertThat(ShippedConfigs.unpack(null, dir)).isFalse();
    assertThat(ShippedConfigs.unpack("file:///x.zip#other", dir)).isFalse();
  }

  @Test
  void refusesAnEntryOutsideTheFolder(@TempDir Path dir) throws IOException {
    Path archive = zip(dir.resolve("bad.zip"), "../escape.yaml");
    Path driver = Files.createDirectories(dir.resolve("driver"));
    assertThatThrownBy(() -> ShippedConfigs.unpack(archive.toUri() + "#conf", driver))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entry ../escape.yaml lies outside the folder");
    assertThat(dir.resolve("escape.yaml")).doesNotExist();
  }
}
