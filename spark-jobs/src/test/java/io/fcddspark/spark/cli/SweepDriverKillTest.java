package io.fcddspark.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.ingest.FashionMnistFiles;
import io.fcddspark.spark.JvmProcess;
import io.fcddspark.spark.cluster.MultiProcessRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver of a {@code fcdd sweep} on {@link MultiProcessRun#MASTER} killed with SIGKILL once its
 * first cell is recorded: the rerun reuses that cell and the ingested data (every unit staged
 * before) and finishes only the others.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SweepDriverKillTest {
  @Test
  void aRerunAfterTheDriverIsKilledFinishesOnlyWhatWasUnfinished(@TempDir Path dir)
      throws Exception {
    FashionMnistFiles.require();
    Path ingest = FashionMnistSlice.ingestConfig(dir);
    Path out = dir.resolve("sweep");
    Path yaml = dir.resolve("sweep.yaml");
    Files.writeString(
        yaml, FashionMnistSlice.sweep(out.toString(), "driver kill", "[0, 1, 2]", ingest));
    String[] args = {"sweep", "-c", yaml.toString(), "--master", MultiProcessRun.MASTER};

    Process driver =
        JvmProcess.start(
            "-Xmx3g", FcddCommand.class, List.of(args), dir.resolve("killed-driver.log"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (cells(out) == 0 && driver.isAlive()) {
      assertThat(System.nanoTime()).as("a cell recorded within 300 s").isLessThan(deadline);
      Thread.sleep(50);
    }
    assertThat(driver.isAlive()).as("the driver is still running when it is killed").isTrue();
    driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    long recorded = cells(out);
    Path manifests = Files.createDirectories(dir.resolve("manifests-before-rerun"));
    for (String ingested : List.of("fmnist", "fmnist-oe")) {
      Files.copy(
          out.resolve("ingest/" + ingested + "/manifest.json"),
          manifests.resolve(ingested + ".json"));
    }
    assertThat(recorded).isBetween(1L, 2L);

    CliRun rerun = CliRun.fcdd(args);
    assertThat(rerun.code()).as(rerun.out() + rerun.err()).isZero();
    assertThat(rerun.out())
        .contains("sweep: 3 cells: 3 done (" + recorded + " reused), 0 failed in ");
    // The killed driver had ingested both corpora: the rerun found them complete, untouched.
    for (String ingested : List.of("fmnist", "fmnist-oe")) {
      assertThat(out.resolve("ingest/" + ingested + "/manifest.json"))
          .as(ingested + " manifest")
          .hasSameTextualContentAs(manifests.resolve(ingested + ".json"));
    }
    assertThat(cells(out)).isEqualTo(3);
  }

  /** The cell records under the sweep's output. */
  private static long cells(Path out) throws IOException {
    Path cells = out.resolve("cells");
    if (!Files.isDirectory(cells)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(cells)) {
      return files.filter(f -> f.getFileName().toString().equals("cell.json")).count();
    }
  }
}
