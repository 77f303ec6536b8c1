package io.fcddspark.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HadoopFilesTest {
  @Test
  void aLocalFileRewrittenOutsideHadoopIsReadAsItNowIs(@TempDir Path dir) throws Exception {
    Configuration hadoop = new Configuration();
    Path record = dir.resolve("class-00-seed-0.json");
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(record.toString());
    HadoopFiles.write(hadoop, file, Map.of("value", 0.5));
    // Hadoop's local file system keeps a checksum beside the file.
    assertThat(dir.resolve(".class-00-seed-0.json.crc")).exists();

    // As a git checkout does: the file changes, its side file does not.
    Files.writeString(record, "{\"value\": 0.75}");

    assertThat(HadoopFiles.readIfExists(hadoop, file).path("value").asDouble()).isEqualTo(0.75);
    assertThat(HadoopFiles.readIfExists(hadoop, new org.apache.hadoop.fs.Path(dir + "/none")))
        .isNull();
  }
}
