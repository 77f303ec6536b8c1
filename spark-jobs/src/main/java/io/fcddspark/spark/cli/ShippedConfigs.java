package io.fcddspark.spark.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.hadoop.conf.Configuration;

/**
 * The {@code conf/} folder that {@code submit/fcdd-submit.sh} ships to a driver in cluster deploy
 * mode ({@code --archives fcdd-conf.zip#conf}), unpacked beside the driver before its config is
 * read. YARN does that itself; Spark's standalone driver (Spark 3.5) gets its archives only once
 * its SparkContext starts, after the command has read {@code -c conf/...}.
 */
final class ShippedConfigs {
  private static final String ARCHIVES = "spark.archives";
  private static final String FOLDER = "conf";

  private ShippedConfigs() {}

  /**
   * Unpacks the archive named {@code #conf} in {@code archives} (a {@code spark.archives} value)
   * into {@code dir/conf} when that folder does not exist; returns whether it did.
   */
  static boolean unpack(String archives, Path dir) {
    if (archives == null || Files.exists(dir.resolve(FOLDER))) {
      return false;
    }
    for (String entry : archives.split(",")) {
      int hash = entry.lastIndexOf('#');
      if (hash > 0 && entry.substring(hash + 1).trim().equals(FOLDER)) {
        unzip(entry.substring(0, hash).trim(), dir.resolve(FOLDER));
        return true;
      }
    }
    return false;
  }

  /** {@link #unpack(String, Path)} of this driver's {@code spark.archives} into its folder. */
  static void unpackForThisDriver() {
    unpack(System.getProperty(ARCHIVES), Path.of("").toAbsolutePath());
  }

  private static void unzip(String archive, Path target) {
    org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(URI.create(archive));
    try (InputStream raw = source.getFileSystem(new Configuration()).open(source);
        ZipInputStream zip = new ZipInputStream(raw)) {
      Path tmp = Files.createTempDirectory(target.toAbsolutePath().getParent(), "conf-");
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        Path file = tmp.resolve(e.getName()).normalize();
        if (!file.startsWith(tmp)) {
          throw new IllegalArgumentException(
              "Cannot unpack " + archive + ": entry " + e.getName() + " lies outside the folder");
        }
        if (e.isDirectory()) {
          Files.createDirectories(file);
        } else {
          Files.createDirectories(file.getParent());
          Files.copy(zip, file);
        }
      }
      Files.move(tmp, target);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot unpack the shipped configs " + archive + " into " + target, e);
    }
  }
}
