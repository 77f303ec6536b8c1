package io.fcddspark.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU plumbing without a GPU: submit/gpu-discovery.sh against a stand-in nvidia-smi, and the
 * binder inside a real Spark task on the CPU backend.
 */
class GpuPlumbingTest {
  @Test
  void aTaskOnTheCpuBackendBindsNothing() {
    org.apache.spark.sql.SparkSession spark = SparkSessions.local("local[1]", "gpu-binder-test");
    try {
      String reason =
          org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
              .parallelize(java.util.List.of(1), 1)
              .map(i -> GpuBinder.bindCurrentTask("test").reason())
              .first();
      assertThat(reason).isEqualTo("CPU backend");
    } finally {
      spark.stop();
    }
  }

  @Test
  void printsSparksResourceJson(@TempDir Path dir) throws Exception {
    Path smi = dir.resolve("nvidia-smi");
    Files.writeString(smi, "#!/bin/sh\nprintf '0\\n1\\n'\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder pb = new ProcessBuilder("bash", "../submit/gpu-discovery.sh");
    pb.environment().put("PATH", dir + ":" + System.getenv("PATH"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.waitFor()).isZero();
    JsonNode json = new ObjectMapper().readTree(out);
    assertThat(json.get("name").asText()).isEqualTo("gpu");
    assertThat(json.get("addresses").toString()).isEqualTo("[\"0\",\"1\"]");
  }
}
