package io.fcddspark.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fcddspark.config.ConfigLoader;
import io.fcddspark.ingest.IdxSource;
import io.fcddspark.ingest.RenderedLettersSource;
import io.fcddspark.ingest.plan.IngestPlan;
import io.fcddspark.nets.FcddNetworkFactory;
import io.fcddspark.preprocess.MinMaxScaling;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.spark.cluster.LocalClusterSettings;
import io.fcddspark.spark.cluster.SparkRun;
import io.fcddspark.spark.ingest.IngestJob;
import io.fcddspark.spark.train.AveragingRound;
import io.fcddspark.spark.train.DistributedTrainer;
import io.fcddspark.spark.train.EpochBatches;
import io.fcddspark.spark.train.TrainingData;
import io.fcddspark.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Scaling of distributed training across masters, per net: {@code local[1]}, {@code local[2]},
 * {@code local-cluster[1,1,N]} and {@code local-cluster[2,1,N]}, one worker per task slot and one
 * intra-op thread per task (OMP_NUM_THREADS=1, set by the script). CNN28 trains as the shipped
 * Fashion-MNIST config on real Fashion-MNIST class 0 with the rendered-letters OE corpus; CNN32 and
 * VGG11-BN as the shipped CIFAR-10 and ImageNet-30 configs on seeded random images of their stored
 * size (speed does not depend on what the images show; VGG11-BN with a small batch and averaging
 * frequency, so that a run holds a few rounds). Each run is a JVM of its own (mode {@code run});
 * the script interleaves the masters and repeats them, and mode {@code report} writes the median
 * and min–max of each.
 *
 * <p>Every averaging round is split as {@link AveragingRound} reports it: the driver creating the
 * broadcast, the last worker's setup (reading the broadcast, building its network) and fitting
 * (reading and fitting its minibatches), its result's transfer to the driver, the driver's summing
 * after that result arrived, and the rest of the round (scheduling, task launch, setting the
 * average). The averaging overhead is the epoch's wall time not spent fitting.
 *
 * <p>Modes: {@code prepare WORK NET}; {@code run WORK NET MASTER MEASURED_EPOCHS LOAD} (prints one
 * {@code RESULT <json>} line); {@code report OUT.md RESULTS.jsonl COMMAND}.
 */
public final class TrainScalingBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainScalingBenchmark() {}

  /** A net's benchmark case: its config, its data and the overrides that size a run. */
  enum Case {
    CNN28("conf/train/fashion-mnist.yaml", null, 0, List.of()),
    CNN32(
        "conf/train/cifar10.yaml",
        new RandomImages.Spec("cifar10", "train", 1, 3, 32),
        6_000,
        List.of()),
    VGG11_BN(
        "conf/train/imagenet30.yaml",
        new RandomImages.Spec("imagenet30", "train", 1, 3, 256),
        128,
        List.of("batchSize=4", "distribution.averagingFrequency=8"));

    final String config;
    final RandomImages.Spec images;
    final int imageCount;
    final List<String> overrides;

    Case(String config, RandomImages.Spec images, int imageCount, List<String> overrides) {
      this.config = config;
      this.images = images;
      this.imageCount = imageCount;
      this.overrides = overrides;
    }

    /** What the table says the run trained on. */
    String describe() {
      return switch (this) {
        case CNN28 ->
            "CNN28 + OE as `conf/train/fashion-mnist.yaml` (batch 128 per worker, averaging every 5"
                + " minibatches, SGD Nesterov) on real Fashion-MNIST class 0 (6,000 images) with"
                + " the rendered-letters OE corpus";
        case CNN32 ->
            "CNN32 + OE as `conf/train/cifar10.yaml` (batch 200 per worker, averaging every 5"
                + " minibatches, Adam) on 6,000 random 32×32 RGB images of class 0, OE from"
                + " 6,000 others";
        case VGG11_BN ->
            "VGG11-BN + OE as `conf/train/imagenet30.yaml` (256 px stored, 224 crop, Adam) with"
                + " batch 4 per worker and averaging every 8 minibatches, on 128 random 256×256 RGB"
                + " images of class 0, OE from 128 others";
      };
    }
  }

  /** One run's measurements (per measured epoch; round parts are means over its rounds). */
  record Run(
      String net,
      String master,
      double loadBefore,
      double imagesPerSecond,
      double secondsPerEpoch,
      double rounds,
      double fitMs,
      double broadcastMs,
      double setupMs,
      double transferMs,
      double summingMs,
      double restMs,
      double resultMb,
      int executors) {
    /** A round's time not spent fitting. */
    double averagingMs() {
      return broadcastMs + setupMs + transferMs + summingMs + restMs;
    }

    /** The share of the epoch's wall time spent averaging: its rounds' time not spent fitting. */
    double averagingShare() {
      return averagingMs() * rounds / 1000 / secondsPerEpoch;
    }

    /**
     * The share of the epoch's wall time outside its rounds: DL4J counting (and so building) the
     * epoch's batches before the first round, and splitting them into rounds.
     */
    double outsideShare() {
      return 1 - (fitMs + averagingMs()) * rounds / 1000 / secondsPerEpoch;
    }
  }

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "prepare" -> prepare(Path.of(args[1]), Case.valueOf(args[2]));
      case "run" ->
          run(
              Path.of(args[1]),
              Case.valueOf(args[2]),
              args[3],
              Integer.parseInt(args[4]),
              Double.parseDouble(args[5]));
      case "report" -> report(Path.of(args[1]), Path.of(args[2]), args[3]);
      default -> throw new IllegalArgumentException("Unknown mode " + args[0]);
    }
  }

  private static void prepare(Path work, Case c) throws Exception {
    SparkSession spark = SparkSessions.local("local[2]", "train-scaling-prepare");
    try {
      Path dir = work.resolve(c.name());
      if (c.images != null) {
        RandomImages.write(spark, dir.resolve("data").toString(), c.images, c.imageCount, 1, 4);
        RandomImages.write(
            spark,
            dir.resolve("oe").toString(),
            new RandomImages.Spec("oe", "train", 1, c.images.channels(), c.images.side()),
            c.imageCount,
            2,
            4);
        return;
      }
      List<String> fonts =
          RenderedLettersSource.fontFiles(Path.of("/usr/share/fonts/truetype/dejavu"));
      Path fm = Path.of("/usr/share/datasets/fashion-mnist");
      new IngestJob(spark)
          .run(
              new IngestPlan(
                  dir.resolve("data").toString(),
                  List.of(
                      new IdxSource(
                          "fashion-mnist",
                          "train",
                          fm.resolve("train-images-idx3-ubyte.gz").toString(),
                          fm.resolve("train-labels-idx1-ubyte.gz").toString(),
                          List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")),
                      new RenderedLettersSource("letters", "train", fonts, 0, 6000, 0, 28)),
                  IngestPlan.DEFAULT_SHARD_BYTES));
    } finally {
      spark.stop();
    }
  }

  private static void run(Path work, Case c, String master, int measured, double loadBefore) {
    Path dir = work.resolve(c.name());
    String data = dir.resolve("data").toString();
    SparkSession spark = SparkSessions.local(master, "train-scaling");
    try {
      List<String> overrides = new ArrayList<>(c.overrides);
      overrides.add("data.input=" + data);
      overrides.add("distribution.workers=" + slots(master));
      if (c.images == null) {
        overrides.addAll(
            List.of("outlierExposure.input=" + data, "outlierExposure.dataset=letters"));
      } else {
        overrides.addAll(
            List.of("outlierExposure.input=" + dir.resolve("oe"), "outlierExposure.dataset=oe"));
      }
      TrainConfig config = ConfigLoader.load(Path.of(c.config), overrides, TrainConfig.class);
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      int workers = DistributedTrainer.workers(config, sc);
      TrainingData td = new TrainingData(spark);
      Dataset<Row> nominal = td.nominalTraining(config.data());
      TrainTransform unscaled = new TrainTransform(config.preprocess(), null, config.seed());
      MinMaxScaling scaling = TrainingData.fitScaling(nominal, unscaled);
      EpochBatches batches =
          new EpochBatches(
              nominal,
              td.outlierExposure(config.outlierExposure(), config.seed()),
              0.5,
              new TrainTransform(config.preprocess(), scaling, config.seed()),
              config.batchSize(),
              workers);
      long images = batches.size();
      MultiLayerNetwork net =
          FcddNetworkFactory.fcdd(config.architecture(), DistributedTrainer.networkOptions(config));
      net = new DistributedTrainer(sc, config).train(net, batches, 0, 1); // warm-up
      List<AveragingRound> rounds = new ArrayList<>();
      long start = System.nanoTime();
      net = new DistributedTrainer(sc, config, rounds::add).train(net, batches, 1, 1 + measured);
      double seconds = (System.nanoTime() - start) / 1e9 / measured;
      double perEpoch = (double) rounds.size() / measured;
      Run run =
          new Run(
              c.name(),
              master,
              loadBefore,
              images / seconds,
              seconds,
              perEpoch,
              mean(rounds, AveragingRound::fitMs),
              mean(rounds, AveragingRound::broadcastMs),
              mean(rounds, AveragingRound::setupMs),
              mean(rounds, AveragingRound::transferMs),
              mean(rounds, AveragingRound::summingMs),
              mean(rounds, AveragingRound::restMs),
              rounds.get(0).resultBytes() / 1e6,
              SparkRun.of(spark.sparkContext()).executors().size());
      InterleavedRuns.printResult(run);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    } finally {
      spark.stop();
    }
  }

  private static double mean(List<AveragingRound> rounds, ToDoubleFunction<AveragingRound> f) {
    return rounds.stream().mapToDouble(f).average().orElse(Double.NaN);
  }

  private static void report(Path out, Path results, String command) throws Exception {
    Map<String, Map<String, List<Run>>> byNet = new LinkedHashMap<>();
    for (String line : Files.readAllLines(results)) {
      if (!line.isBlank()) {
        Run r = JSON.treeToValue(JSON.readTree(line), Run.class);
        byNet
            .computeIfAbsent(r.net(), n -> new LinkedHashMap<>())
            .computeIfAbsent(r.master(), m -> new ArrayList<>())
            .add(r);
      }
    }
    double maxLoad =
        byNet.values().stream()
            .flatMap(m -> m.values().stream())
            .flatMap(List::stream)
            .mapToDouble(Run::loadBefore)
            .max()
            .orElse(0);
    int reps = byNet.values().iterator().next().values().iterator().next().size();
    StringBuilder md = new StringBuilder();
    md.append("## Distributed training scaling: local[N] and local-cluster (issues #7, #24)\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Generated by `%s` on %s: %s, %d cores visible. DL4J parameter averaging"
                + " (`DistributedTrainer`: one Spark job per round, the workers' results summed on"
                + " the driver in partition order), one worker per task slot, one intra-op thread"
                + " per task (OMP_NUM_THREADS=1). `local-cluster[w,1,3072]` runs each of its w"
                + " executors as a JVM of its own on this machine. Every run is a JVM of its own (1"
                + " warm-up epoch, then 1 measured), the four masters interleaved, %d rounds; each"
                + " cell is the median (min–max) over them. The 1-minute load average before a run"
                + " was at most %.2f. Per averaging round, as `AveragingRound` reports it: *fit* the"
                + " last worker reading and fitting its minibatches (batch preparation runs inside"
                + " it); *bcast* the driver creating the broadcast of parameters and updater state;"
                + " *setup* that worker reading the broadcast and building its network; *transfer*"
                + " its result from ready on the executor to received on the driver; *sum* the"
                + " driver adding results after the last arrived; *rest* the round's remaining wall"
                + " time (scheduling, task launch, setting the average). *Averaging* is the share of"
                + " the epoch's wall time in its rounds but not fitting; *batches* the share outside"
                + " the rounds: DL4J splitting the epoch into rounds (the batch count comes from"
                + " `TrainingEpochs.batchCount` without building the batches; DL4J's own count"
                + " built them all once more, shuffle, OE join and augmentation, before the first"
                + " round).%n%n",
            command,
            LocalDate.now(),
            Measure.cpuModel(),
            Runtime.getRuntime().availableProcessors(),
            reps,
            maxLoad));
    for (Map.Entry<String, Map<String, List<Run>>> net : byNet.entrySet()) {
      Case c = Case.valueOf(net.getKey());
      Map<String, List<Run>> byMaster = net.getValue();
      double oneLocal = median(byMaster.get("local[1]"), Run::imagesPerSecond);
      double oneCluster =
          median(byMaster.get(key(byMaster, "local-cluster[1,")), Run::imagesPerSecond);
      md.append(
          String.format(
              Locale.ROOT,
              "**%s**: %s; one worker's result (parameters and updater state) %.2f MB.%n%n",
              c.name().replace('_', '-'),
              c.describe(),
              byMaster.values().iterator().next().get(0).resultMb()));
      md.append(
          "| master | executor JVMs | img/s | ÷ local[1] | ÷ local-cluster[1] | rounds |"
              + " fit ms | bcast ms | setup ms | transfer ms | sum ms | rest ms | averaging | batches |\n");
      md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
      for (List<Run> runs : byMaster.values()) {
        Run first = runs.get(0);
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %.2f | %.2f | %.0f | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                first.master(),
                first.master().startsWith("local-cluster")
                    ? first.executors()
                    : "0 (in the driver)",
                range(runs, Run::imagesPerSecond, "%.1f"),
                median(runs, Run::imagesPerSecond) / oneLocal,
                median(runs, Run::imagesPerSecond) / oneCluster,
                median(runs, Run::rounds),
                range(runs, Run::fitMs, "%.0f"),
                range(runs, Run::broadcastMs, "%.1f"),
                range(runs, Run::setupMs, "%.0f"),
                range(runs, Run::transferMs, "%.0f"),
                range(runs, Run::summingMs, "%.1f"),
                range(runs, Run::restMs, "%.0f"),
                range(runs, r -> 100 * r.averagingShare(), "%.1f %%"),
                range(runs, r -> 100 * r.outsideShare(), "%.1f %%")));
      }
      double two = median(byMaster.get("local[2]"), Run::imagesPerSecond);
      List<Run> cluster2 = byMaster.get(key(byMaster, "local-cluster[2,"));
      double twoCluster = median(cluster2, Run::imagesPerSecond);
      md.append(
          String.format(
              Locale.ROOT,
              "%n%s: local-cluster[2] ÷ local[2] **%.2f×** (target ≥ 0.9×); local-cluster[2] ÷"
                  + " local-cluster[1] **%.2f×** (target ≥ 1.7×); local[2] ÷ local[1] %.2f×;"
                  + " averaging overhead on local-cluster[2] **%.1f %%** of the epoch%s.%n%n",
              c.name().replace('_', '-'),
              twoCluster / two,
              twoCluster / oneCluster,
              two / oneLocal,
              100 * median(cluster2, Run::averagingShare),
              c == Case.VGG11_BN ? " (measured share; no target)" : " (target ≤ 10 %)"));
    }
    md.append("Ratios are of the medians.\n");
    System.out.print(md);
    DocSections.replace(out, "train-scaling", md.toString());
  }

  /**
   * The task slots of {@code master}: one worker per slot. Spark's default parallelism would say 2
   * for a cluster of one core (it is at least 2 there).
   */
  private static int slots(String master) {
    return LocalClusterSettings.shape(master)
        .map(s -> s.workers() * s.coresPerWorker())
        .orElseGet(() -> Integer.parseInt(master.replaceAll("\\D", "")));
  }

  private static String key(Map<String, List<Run>> byMaster, String prefix) {
    return byMaster.keySet().stream()
        .filter(k -> k.startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No run of " + prefix + "...]"));
  }

  private static double median(List<Run> runs, ToDoubleFunction<Run> f) {
    return Spread.of(runs, f).median();
  }

  private static String range(List<Run> runs, ToDoubleFunction<Run> f, String format) {
    return Spread.of(runs, f).cell(format);
  }
}
