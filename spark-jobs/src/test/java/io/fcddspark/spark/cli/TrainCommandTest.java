package io.fcddspark.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.ingest.FashionMnistFiles;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.spark.train.TrainingCorpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fcdd train} as a user runs it: a shipped config with overrides, reruns, one-line errors.
 */
class TrainCommandTest {
  private static final String CONFIG = "../conf/train/fashion-mnist.yaml";

  @Test
  void trainsAndEvaluatesThenFindsBothDone(@TempDir Path dir) throws IOException {
    FashionMnistFiles.require();
    SparkSession spark = SparkSessions.local("local[2]", "train-command-test");
    String data;
    try {
      data = TrainingCorpus.ingest(spark, dir, 500, 300, 200);
    } finally {
      spark.stop();
    }
    String[] args = CliRun.trainOneEpoch(dir.resolve("model"), data);

    // The slice's 55 class-0 images on two workers at batch 16 give each worker fewer steps than
    // an averaging round: the command's log warns on the console's standard error, and it trains.
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    CliRun first;
    System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      first = CliRun.fcdd(args);
    } finally {
      System.setErr(stderr);
    }
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains(
            "train: warn: Train "
                + dir.resolve("model")
                + ": 55 images a pass over 2 workers at batch 16 give each worker 2 minibatch"
                + " step(s), fewer than distribution.averagingFrequency 5")
        .contains("set distribution.workers=1");
    CliRun second = CliRun.fcdd(args);

    assertThat(first.problems()).isEmpty();
    assertThat(first.code()).isZero();
    assertThat(first.output())
        .startsWith("train: " + dir.resolve("model/model") + "; 1 epochs (new");
    assertThat(second.out()).contains("1 epochs (already trained)");
    // Framework logging went to a file, named first on standard output (under the temporary
    // folder while the command runs) and last on standard error (moved into the output folder);
    // the logging configuration is the test's again afterwards.
    String logLine = first.out().lines().findFirst().orElseThrow();
    assertThat(logLine)
        .startsWith(
            "train: framework log "
                + Path.of(System.getProperty("java.io.tmpdir"), "fcdd-logs", "train-"))
        .endsWith(".log (--verbose prints it here)");
    String name = Path.of(logLine.split(" ")[3]).getFileName().toString();
    Path log = dir.resolve("model/logs").resolve(name);
    assertThat(first.err()).isEqualTo("train: framework log " + log + "\n");
    assertThat(Files.readString(log))
        .contains(" INFO SparkContext: Running Spark version ")
        .contains(" INFO TrainJob: Train ");
    assertThat(
            ((org.apache.logging.log4j.core.LoggerContext)
                    org.apache.logging.log4j.LogManager.getContext(false))
                .getConfiguration()
                .getName())
        .isNotEqualTo("fcdd-run-log");
    CliRun verbose = CliRun.fcdd(concat(args, "--verbose"));
    assertThat(verbose.out()).doesNotContain("framework log");
    assertThat(verbose.err()).isEmpty();
    assertThat(dir.resolve("model/model.zip")).exists();
    assertThat(dir.resolve("model/provenance.json")).exists();

    String[] evaluate = {
      "evaluate",
      "-c",
      "../conf/evaluate/fashion-mnist.yaml",
      "--master",
      "local[2]",
      "--set",
      "model=" + dir.resolve("model"),
      "--set",
      "heatmaps.count=2"
    };
    CliRun scored = CliRun.fcdd(evaluate);
    CliRun reused = CliRun.fcdd(evaluate);
    assertThat(scored.problems()).isEmpty();
    assertThat(scored.code()).isZero();
    assertThat(scored.out())
        .contains("evaluate: model (epoch 1) sample_auc 0.")
        .contains("evaluate: model (epoch 1) sample_ap 0.")
        .containsPattern(
            "evaluate: model \\(epoch 1\\) sample_auc against each of 9 anomalous classes"
                + " \\(metrics.json\\), the hardest: [1-9] 0\\.\\d{4}, [1-9] 0\\.\\d{4}, [1-9]"
                + " 0\\.\\d{4}\n")
        .doesNotContain("sample_auc_vs_class_")
        .contains("evaluate: " + dir.resolve("model/evaluation") + "; 11 metrics\n");
    assertThat(reused.out()).contains("; 11 metrics (1 models reused)");
    Path out = dir.resolve("model/evaluation/model");
    assertThat(out.resolve("metrics.json")).exists();
    assertThat(out.resolve("curves.json")).exists();
    assertThat(out.resolve("heatmaps.png")).exists();
    assertThat(out.resolve("scores")).isDirectory();
    assertThat(dir.resolve("model/evaluation/metrics")).isDirectory();

    // A second class, evaluated, then both ranked against the paper's Table 6 on those classes.
    String[] classOne = java.util.Arrays.copyOf(args, args.length + 2);
    classOne[6] = "output=" + dir.resolve("model-1");
    classOne[args.length] = "--set";
    classOne[args.length + 1] = "data.nominalClass=1";
    assertThat(CliRun.fcdd(classOne).code()).isZero();
    String[] evaluateSecond = evaluate.clone();
    evaluateSecond[6] = "model=" + dir.resolve("model-1");
    assertThat(CliRun.fcdd(evaluateSecond).code()).isZero();
    Path rankYaml = dir.resolve("rank.yaml");
    java.nio.file.Files.writeString(
        rankYaml,
        String.join(
            "\n",
            "output: " + dir.resolve("rank"),
            "metric: sample_auc",
            "evaluations:",
            "  - {path: " + dir.resolve("model/evaluation") + ", method: fcdd-spark}",
            "  - {path: " + dir.resolve("model-1/evaluation") + ", method: fcdd-spark}",
            "baselines: [../conf/baselines/fcdd-table6-fashion-mnist-auc.csv]",
            "datasets: ['0', '1']",
            ""));
    CliRun ranked = CliRun.fcdd("rank", "-c", rankYaml.toString(), "--master", "local[2]");
    assertThat(ranked.problems()).isEmpty();
    assertThat(ranked.out()).contains("; 5 methods on 2 datasets, Friedman p = ");
    assertThat(java.nio.file.Files.readString(dir.resolve("rank/cd-wilcoxon-holm.svg")))
        .contains(">fcdd-spark (");

    CliRun noModel =
        CliRun.fcdd(
            "evaluate",
            "-c",
            "../conf/evaluate/fashion-mnist.yaml",
            "--set",
            "model=" + dir.resolve("nothing"));
    assertThat(noModel.code()).isEqualTo(FcddCommand.USAGE);
    assertThat(noModel.problems())
        .isEqualTo(
            "evaluate: No training provenance at "
                + dir.resolve("nothing/provenance.json")
                + ": is "
                + dir.resolve("nothing")
                + " a train job's output?\n");
    CliRun noSnapshot =
        CliRun.fcdd(
            "evaluate",
            "-c",
            "../conf/evaluate/fashion-mnist.yaml",
            "--set",
            "model=" + dir.resolve("model"),
            "--set",
            "models=[snapshots/epoch-00007]");
    assertThat(noSnapshot.problems())
        .startsWith("evaluate: No model 'snapshots/epoch-00007' in " + dir.resolve("model"));
    assertThat(CliRun.fcdd("evaluate", "--help").out()).contains("-c, --config=FILE");
  }

  @Test
  void badConfigsAndArgumentsFailBeforeAnyWorkInOneLine(@TempDir Path dir) {
    Path out = dir.resolve("model");
    CliRun notIngested =
        CliRun.fcdd(
            "train",
            "-c",
            CONFIG,
            "--master",
            "local[1]",
            "--set",
            "output=" + out,
            "--set",
            "data.input=" + dir.resolve("nothing"));
    CliRun unknownKey = CliRun.fcdd("train", "-c", CONFIG, "--set", "optimizer.nesterov=true");
    CliRun badValue =
        CliRun.fcdd("train", "-c", CONFIG, "--set", "outlierExposure.probability=1.5");
    CliRun badNet = CliRun.fcdd("train", "-c", CONFIG, "--set", "net=resnet");
    CliRun badOption = CliRun.fcdd("train", "-c", CONFIG, "--epochs", "2");

    assertThat(notIngested.code()).isEqualTo(FcddCommand.USAGE);
    assertThat(notIngested.problems())
        .isEqualTo(
            "train: Cannot train from data.input = "
                + dir.resolve("nothing")
                + ": it is not a finished ingest output (no manifest.json)\n");
    assertThat(out).doesNotExist();
    assertThat(unknownKey.code()).isEqualTo(FcddCommand.USAGE);
    assertThat(unknownKey.problems())
        .startsWith("train: ")
        .contains("unknown key 'optimizer.nesterov'");
    assertThat(badValue.problems()).contains("Cannot set probability to 1.5, it must be in (0, 1]");
    assertThat(badNet.problems())
        .contains("key 'net': expected one of [CNN28, CNN32, VGG11_BN], got 'resnet'");
    assertThat(badOption.code()).isEqualTo(FcddCommand.USAGE);
    assertThat(badOption.problems()).startsWith("train: Unknown option: '--epochs'\n");
  }

  private static String[] concat(String[] a, String... b) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
        .toArray(String[]::new);
  }
}
