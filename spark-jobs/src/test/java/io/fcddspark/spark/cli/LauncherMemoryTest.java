package io.fcddspark.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/fcdd} refuses, in one line and before anything starts, a heap the machine cannot hold
 * (heap + 30 %, at least 1 GiB) and a heap setting it cannot read, naming a heap that fits; the
 * machine's memory comes from a stand-in {@code /proc/meminfo}.
 */
class LauncherMemoryTest {
  private record Run(int code, String out) {}

  private static Run fcdd(Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(List.of("bash", "../bin/fcdd", "--version"));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out);
  }

  @Test
  void aHeapTheMachineCannotHoldIsRefusedNamingWhatToSet(@TempDir Path dir) throws Exception {
    Path meminfo = dir.resolve("meminfo");
    Files.writeString(
        meminfo, "MemTotal:        4000000 kB\nMemFree:  1 kB\nMemAvailable:    3000000 kB\n");

    Run refused = fcdd(Map.of("FCDD_MEMINFO", meminfo.toString()));
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.out())
        .isEqualTo(
            "fcdd: the heap -Xmx4g needs about 5.2 GiB of memory (heap + 30 %, at least 1 GiB), but"
                + " this machine has 3.8 GiB: set FCDD_JAVA_HEAP lower, e.g. FCDD_JAVA_HEAP=-Xmx2g"
                + " (docs/pipeline.md, \"Memory\")\n");

    Run large = fcdd(Map.of("FCDD_MEMINFO", meminfo.toString(), "FCDD_JAVA_HEAP", "-Xmx3g"));
    assertThat(large.code()).isEqualTo(2);
    assertThat(large.out())
        .startsWith(
            "fcdd: the heap -Xmx3g needs about 4.0 GiB of memory (heap + 30 %, at least 1 GiB)");

    Path small = dir.resolve("small-meminfo");
    Files.writeString(small, "MemTotal:        1572864 kB\nMemAvailable:    1000000 kB\n");
    Run tiny = fcdd(Map.of("FCDD_MEMINFO", small.toString()));
    assertThat(tiny.code()).isEqualTo(2);
    assertThat(tiny.out()).contains("this machine has 1.5 GiB").contains("FCDD_JAVA_HEAP=-Xmx512m");

    Run unreadable = fcdd(Map.of("FCDD_MEMINFO", meminfo.toString(), "FCDD_JAVA_HEAP", "6g"));
    assertThat(unreadable.code()).isEqualTo(2);
    assertThat(unreadable.out())
        .isEqualTo("fcdd: FCDD_JAVA_HEAP='6g' is not a heap size like -Xmx6g or -Xmx4096m\n");
  }
}
