package io.fcddspark.spark.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fcddspark.config.ConfigLoader;
import io.fcddspark.evaluate.EvaluateConfig;
import io.fcddspark.ingest.FashionMnistFiles;
import io.fcddspark.spark.GpuBinder;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.spark.evaluate.EvaluateJob;
import io.fcddspark.spark.train.TrainJob;
import io.fcddspark.spark.train.TrainingCorpus;
import io.fcddspark.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU binding on a multi-process cluster without a GPU: Spark's resource scheduling in {@code
 * local-cluster[2,2,…]} gives each worker two GPUs found by {@code submit/gpu-discovery.sh} through
 * a stand-in {@code nvidia-smi}, each task one; the executors decide their binding as if ND4J saw
 * two devices ({@link GpuBinder#DRY_RUN_PROPERTY}). Every task that builds batches, fits or scores
 * binds the GPU Spark assigned it, both GPUs of each executor are used at once, and provenance
 * records which executor ran what on which GPU.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class GpuBindingClusterTest {
  private static final String MASTER = "local-cluster[2,2,1024]";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static Map<String, String> gpus;
  private static String data;

  @BeforeAll
  static void standInGpus() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    executable(bin.resolve("nvidia-smi"), "#!/bin/sh\nprintf '0\\n1\\n'\n");
    Path discovery = Path.of("../submit/gpu-discovery.sh").toAbsolutePath().normalize();
    Path script =
        executable(
            dir.resolve("discover-gpus.sh"),
            "#!/bin/sh\nPATH=" + bin + ":$PATH exec bash " + discovery + "\n");
    gpus =
        Map.of(
            "spark.worker.resource.gpu.amount", "2",
            "spark.worker.resource.gpu.discoveryScript", script.toString(),
            "spark.executor.resource.gpu.amount", "2",
            "spark.task.resource.gpu.amount", "1",
            "spark.executor.extraJavaOptions", "-D" + GpuBinder.DRY_RUN_PROPERTY + "=2");
  }

  private static Path executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  @Test
  void eachTaskBindsTheGpuSparkAssignedItAndEveryGpuIsUsed() {
    SparkSession spark = SparkSessions.local(MASTER, "gpu-binding", gpus);
    try {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      awaitExecutors(spark, 2);
      // Each task holds its slot for a while, so both slots of an executor are busy at once.
      List<String> seen =
          sc.parallelize(List.of(0, 1, 2, 3, 4, 5, 6, 7), 8)
              .map(
                  i -> {
                    int device = GpuBinder.bindCurrentTask("test").device();
                    Thread.sleep(400);
                    TaskContext t = TaskContext.get();
                    return t.taskAttemptId()
                        + "="
                        + String.join(",", t.resources().get("gpu").get().addresses())
                        + ":"
                        + device;
                  })
              .collect();
      List<TaskGpuBinding> bindings = ExecutorProcesses.gpuBindings(spark.sparkContext());

      assertThat(bindings).hasSize(8);
      assertThat(
              bindings.stream()
                  .map(
                      b ->
                          b.taskAttemptId()
                              + "="
                              + String.join(",", b.assigned())
                              + ":"
                              + b.device())
                  .toList())
          .as("what each task saw and what its executor reported")
          .containsExactlyInAnyOrderElementsOf(seen);
      for (TaskGpuBinding b : bindings) {
        assertThat(b.assigned()).hasSize(1);
        assertThat(b.device()).isEqualTo(Integer.parseInt(b.assigned().get(0)));
        assertThat(b.dryRun()).isTrue();
        assertThat(b.reason()).contains("GPU " + b.assigned().get(0) + " is ND4J device");
      }
      Map<String, Set<String>> byExecutor =
          bindings.stream()
              .collect(
                  Collectors.groupingBy(
                      TaskGpuBinding::executorId,
                      Collectors.mapping(b -> b.assigned().get(0), Collectors.toSet())));
      assertThat(byExecutor).hasSize(2);
      assertThat(byExecutor.values()).allSatisfy(a -> assertThat(a).containsOnly("0", "1"));
      // Provenance: each of the four GPUs with the tasks it ran (how many each gets is the
      // scheduler's choice).
      List<SparkRun.GpuUse> uses = SparkRun.of(spark.sparkContext()).gpus();
      assertThat(uses).hasSize(4).allSatisfy(u -> assertThat(u.tasks()).isPositive());
      assertThat(uses.stream().mapToLong(SparkRun.GpuUse::tasks).sum()).isEqualTo(8);
    } finally {
      spark.stop();
    }
  }

  @Test
  void trainingAndScoringTasksBindTheirGpuAndProvenanceSaysWhich() throws IOException {
    FashionMnistFiles.require();
    SparkSession local = SparkSessions.local("local[2]", "gpu-binding-ingest");
    try {
      data = TrainingCorpus.ingest(local, dir, 600, 200, 100);
    } finally {
      local.stop();
    }
    SparkSession spark = SparkSessions.local(MASTER, "gpu-binding-train", gpus);
    try {
      TrainConfig train =
          ConfigLoader.load(
              Path.of("../conf/train/fashion-mnist.yaml"),
              List.of(
                  "output=" + dir.resolve("model"),
                  "data.input=" + data,
                  "outlierExposure.input=" + data,
                  "outlierExposure.dataset=letters",
                  "epochs=1",
                  "batchSize=16",
                  "distribution.averagingFrequency=1"),
              TrainConfig.class);
      new TrainJob(spark).run(train);
      List<TaskGpuBinding> fitting = bound(spark, "fit");
      // Two executors with two GPU slots each: four workers, each round's tasks on four GPUs.
      assertThat(fitting).isNotEmpty();
      assertThat(fitting.size() % 4).isZero();
      Map<Integer, Set<String>> gpusByStage =
          fitting.stream()
              .collect(
                  Collectors.groupingBy(
                      TaskGpuBinding::stageId,
                      Collectors.mapping(
                          b -> b.executorId() + "/" + b.assigned().get(0), Collectors.toSet())));
      assertThat(gpusByStage.values()).allSatisfy(s -> assertThat(s).hasSize(4));
      assertThat(bound(spark, "batches")).isNotEmpty();

      JsonNode provenance = JSON.readTree(dir.resolve("model/provenance.json").toFile());
      Set<String> purposes = Set.of("fit", "batches");
      assertThat(provenance.path("run").path("spark").path("gpus").findValuesAsText("purpose"))
          .containsAll(purposes);

      int before = ExecutorProcesses.gpuBindings(spark.sparkContext()).size();
      EvaluateConfig evaluate =
          ConfigLoader.load(
              Path.of("../conf/evaluate/fashion-mnist.yaml"),
              List.of(
                  "model=" + dir.resolve("model"),
                  "output=" + dir.resolve("evaluation"),
                  "heatmaps.count=0"),
              EvaluateConfig.class);
      new EvaluateJob(spark).run(evaluate);
      List<TaskGpuBinding> scoring = bound(spark, "score");
      assertThat(scoring).isNotEmpty();
      assertThat(ExecutorProcesses.gpuBindings(spark.sparkContext()).size()).isGreaterThan(before);
    } finally {
      spark.stop();
    }
  }

  /** The bindings reported for {@code purpose}, each checked to be a GPU Spark assigned. */
  private static List<TaskGpuBinding> bound(SparkSession spark, String purpose) {
    List<TaskGpuBinding> out =
        ExecutorProcesses.gpuBindings(spark.sparkContext()).stream()
            .filter(b -> b.purpose().equals(purpose))
            .toList();
    assertThat(out)
        .as(purpose + " tasks")
        .allSatisfy(
            b -> {
              assertThat(b.assigned()).hasSize(1);
              assertThat(b.device()).isEqualTo(Integer.parseInt(b.assigned().get(0)));
            });
    return out;
  }

  /**
   * Waits (up to 60 s) until {@code n} executors have registered, so that tasks spread over all.
   */
  private static void awaitExecutors(SparkSession spark, int n) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    // The status tracker lists the driver too.
    while (spark.sparkContext().statusTracker().getExecutorInfos().length < n + 1) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(n + " executors did not register within 60 s");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
