package io.fcddspark.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fcddspark.config.ConfigLoader;
import io.fcddspark.ingest.IdxSource;
import io.fcddspark.ingest.RenderedLettersSource;
import io.fcddspark.nets.FcddNetworkFactory;
import io.fcddspark.preprocess.MinMaxScaling;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.spark.cluster.LocalClusterSettings;
import io.fcddspark.spark.cluster.SparkRun;
import io.fcddspark.spark.ingest.IngestConfig;
import io.fcddspark.spark.ingest.IngestJob;
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
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Scaling of distributed training across masters: CNN28 with OE (the shipped Fashion-MNIST config:
 * batch 128, averaging every 5 minibatches) on real Fashion-MNIST class 0 (6,000 images) with the
 * rendered-letters OE corpus, in {@code local[1]}, {@code local[2]}, {@code local-cluster[1,1,N]}
 * and {@code local-cluster[2,1,N]}, one intra-op thread per task (OMP_NUM_THREADS=1, set by the
 * script). Each run is a JVM of its own (mode {@code run}); the script interleaves the masters and
 * repeats them, and mode {@code report} writes the median and min–max of each.
 *
 * <p>An averaging round is split by the Spark jobs it runs (a listener on the driver): the
 * <em>fit</em> job (the workers fetch the broadcast parameters and fit their minibatches), the
 * <em>summing</em> job (one task reads every worker's result, in partition order, and sums them:
 * the result transfer), and the <em>rest</em> of the round's wall time (creating the broadcast,
 * setting the averaged state, scheduling). Batch preparation runs inside the fit job; it is timed
 * alone for reference.
 *
 * <p>Modes: {@code prepare WORK}; {@code run WORK MASTER MEASURED_EPOCHS} (prints one {@code RESULT
 * <json>} line); {@code report OUT.md RESULTS.jsonl COMMAND}.
 */
public final class TrainScalingBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIT_JOB = "OrderedAveragingTrainingMaster";
  private static final String SUM_JOB = "ParameterAveragingTrainingMaster";

  private TrainScalingBenchmark() {}

  /** One run's measurements (per measured epoch; round times are means over its rounds). */
  record Run(
      String master,
      double loadBefore,
      double imagesPerSecond,
      double secondsPerEpoch,
      double rounds,
      double fitMs,
      double sumMs,
      double restMs,
      double prepMs,
      int executors) {
    /** Per round, what is not the fit job: summing and the rest. */
    double overheadMs() {
      return sumMs + restMs;
    }

    double overheadShare() {
      return overheadMs() * rounds / 1000 / secondsPerEpoch;
    }
  }

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "prepare" -> prepare(Path.of(args[1]));
      case "run" ->
          run(Path.of(args[1]), args[2], Integer.parseInt(args[3]), Double.parseDouble(args[4]));
      case "report" -> report(Path.of(args[1]), Path.of(args[2]), args[3]);
      default -> throw new IllegalArgumentException("Unknown mode " + args[0]);
    }
  }

  private static void prepare(Path work) throws Exception {
    SparkSession spark = SparkSessions.local("local[2]", "train-scaling-ingest");
    try {
      List<String> fonts =
          RenderedLettersSource.fontFiles(Path.of("/usr/share/fonts/truetype/dejavu"));
      Path fm = Path.of("/usr/share/datasets/fashion-mnist");
      new IngestJob(spark)
          .execute(
              new IngestConfig(
                  work.resolve("ingested").toString(),
                  List.of(
                      new IdxSource(
                          "fashion-mnist",
                          "train",
                          fm.resolve("train-images-idx3-ubyte.gz").toString(),
                          fm.resolve("train-labels-idx1-ubyte.gz").toString(),
                          List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")),
                      new RenderedLettersSource("letters", "train", fonts, 0, 6000, 0, 28)),
                  IngestConfig.DEFAULT_SHARD_BYTES));
    } finally {
      spark.stop();
    }
  }

  /** Wall time of the jobs whose stages' call site names {@code FIT_JOB} or {@code SUM_JOB}. */
  static final class JobTimes extends SparkListener {
    private final Map<Integer, Long> started = new ConcurrentHashMap<>();
    private final Map<Integer, String> kind = new ConcurrentHashMap<>();
    final Map<String, Double> ms = new ConcurrentHashMap<>();
    volatile boolean on;

    @Override
    public void onJobStart(SparkListenerJobStart start) {
      // The job's call site names its result stage (the last one), e.g. "count at
      // OrderedAveragingTrainingMaster.java:47" or "treeAggregate at ParameterAveraging...".
      String site =
          scala.collection.JavaConverters.seqAsJavaList(start.stageInfos()).stream()
              .max(java.util.Comparator.comparingInt(org.apache.spark.scheduler.StageInfo::stageId))
              .map(org.apache.spark.scheduler.StageInfo::name)
              .orElse("");
      String k = site.contains(FIT_JOB) ? "fit" : site.contains(SUM_JOB) ? "sum" : null;
      if (on && k != null) {
        started.put(start.jobId(), start.time());
        kind.put(start.jobId(), k);
      }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
      Long t = started.remove(end.jobId());
      String k = kind.remove(end.jobId());
      if (t != null) {
        ms.merge(k, (double) (end.time() - t), Double::sum);
        ms.merge(k + "Jobs", 1.0, Double::sum);
      }
    }
  }

  private static void run(Path work, String master, int measured, double loadBefore) {
    String data = work.resolve("ingested").toString();
    SparkSession spark = SparkSessions.local(master, "train-scaling");
    try {
      TrainConfig config =
          ConfigLoader.load(
              Path.of("conf/train/fashion-mnist.yaml"),
              List.of(
                  "data.input=" + data,
                  "outlierExposure.input=" + data,
                  "outlierExposure.dataset=letters",
                  "distribution.workers=" + slots(master)),
              TrainConfig.class);
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      int workers = DistributedTrainer.workers(config, sc);
      TrainingData td = new TrainingData(spark);
      Dataset<Row> nominal = td.nominalTraining(config.data());
      TrainTransform unscaled = new TrainTransform(config.preprocess(), null, config.seed());
      MinMaxScaling scaling = TrainingData.fitScaling(nominal, unscaled);
      EpochBatches batches =
          new EpochBatches(
              nominal,
              td.outlierExposure(config.outlierExposure()),
              0.5,
              new TrainTransform(config.preprocess(), scaling, config.seed()),
              config.batchSize(),
              workers);
      long images = batches.size();
      MultiLayerNetwork net =
          FcddNetworkFactory.fcdd(config.architecture(), DistributedTrainer.networkOptions(config));
      net = new DistributedTrainer(sc, config).train(net, batches, 0, 1); // warm-up
      JobTimes jobs = new JobTimes();
      spark.sparkContext().addSparkListener(jobs);
      jobs.on = true;
      long start = System.nanoTime();
      net = new DistributedTrainer(sc, config).train(net, batches, 1, 1 + measured);
      double seconds = (System.nanoTime() - start) / 1e9 / measured;
      jobs.on = false;
      // Batch preparation alone (shuffle, OE join, augmentation, DataSets) for one epoch.
      long prepStart = System.nanoTime();
      batches.epoch(1000).count();
      double prepMs = (System.nanoTime() - prepStart) / 1e6;
      double rounds = jobs.ms.getOrDefault("fitJobs", 0.0) / measured;
      double fitMs = jobs.ms.getOrDefault("fit", 0.0) / measured / rounds;
      double sumMs = jobs.ms.getOrDefault("sum", 0.0) / measured / rounds;
      double roundMs = seconds * 1000 / rounds;
      Run run =
          new Run(
              master,
              loadBefore,
              images / seconds,
              seconds,
              rounds,
              fitMs,
              sumMs,
              roundMs - fitMs - sumMs,
              prepMs / rounds,
              SparkRun.of(spark.sparkContext()).executors().size());
      System.out.println("RESULT " + JSON.writeValueAsString(run));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    } finally {
      spark.stop();
    }
  }

  private static void report(Path out, Path results, String command) throws Exception {
    Map<String, List<Run>> byMaster = new LinkedHashMap<>();
    for (String line : Files.readAllLines(results)) {
      if (!line.isBlank()) {
        Run r = JSON.treeToValue(JSON.readTree(line), Run.class);
        byMaster.computeIfAbsent(r.master(), m -> new ArrayList<>()).add(r);
      }
    }
    double oneLocal = median(byMaster.get("local[1]"), Run::imagesPerSecond);
    String cluster1 = key(byMaster, "local-cluster[1,");
    String cluster2 = key(byMaster, "local-cluster[2,");
    double oneCluster = median(byMaster.get(cluster1), Run::imagesPerSecond);
    int reps = byMaster.values().iterator().next().size();
    double maxLoad =
        byMaster.values().stream()
            .flatMap(List::stream)
            .mapToDouble(Run::loadBefore)
            .max()
            .orElse(0);
    StringBuilder md = new StringBuilder();
    md.append("## Distributed training scaling: local[N] and local-cluster (issues #7, #24)\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Generated by `%s` on %s: %s, %d cores visible. CNN28 + OE as"
                + " `conf/train/fashion-mnist.yaml` (batch 128 per worker, averaging every 5"
                + " minibatches, SGD Nesterov), real Fashion-MNIST class 0 (6,000 images) with the"
                + " rendered-letters OE corpus, DL4J parameter averaging (`DistributedTrainer`),"
                + " one intra-op thread per task (OMP_NUM_THREADS=1), one worker per task slot."
                + " `local-cluster[w,1,3072]`"
                + " runs each of its w executors as a JVM of its own on this machine. Every run is"
                + " a JVM of its own (1 warm-up epoch, then 1 measured), the four masters"
                + " interleaved, %d rounds; each cell is the median (min–max) over them. The"
                + " 1-minute load average before a run was at most %.2f. Per averaging round:"
                + " *fit* the Spark job in which the workers fetch the broadcast parameters and fit"
                + " their minibatches; *summing* the job in which one task reads every worker's"
                + " parameters and updater state (from the other executors on a cluster) and sums"
                + " them; *rest* the round's remaining wall time (creating the broadcast, setting"
                + " the averaged state, scheduling); *overhead* is summing + rest, as a share of the"
                + " epoch. Batch preparation (shuffle, OE join, augmentation) runs inside the fit"
                + " job, as the workers read their batches: %.0f ms per round in local[2], timed"
                + " alone.%n%n",
            command,
            LocalDate.now(),
            Measure.cpuModel(),
            Runtime.getRuntime().availableProcessors(),
            reps,
            maxLoad,
            median(byMaster.get("local[2]"), Run::prepMs)));
    md.append(
        "| master | executor JVMs | img/s | ÷ local[1] | ÷ local-cluster[1] | rounds per epoch |"
            + " fit ms | summing ms | rest ms | overhead share |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (List<Run> runs : byMaster.values()) {
      Run first = runs.get(0);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %.2f | %.2f | %.0f | %s | %s | %s | %s |%n",
              first.master(),
              first.master().startsWith("local-cluster") ? first.executors() : "0 (in the driver)",
              range(runs, Run::imagesPerSecond, "%.1f"),
              median(runs, Run::imagesPerSecond) / oneLocal,
              median(runs, Run::imagesPerSecond) / oneCluster,
              median(runs, Run::rounds),
              range(runs, Run::fitMs, "%.0f"),
              range(runs, Run::sumMs, "%.0f"),
              range(runs, Run::restMs, "%.0f"),
              range(runs, r -> 100 * r.overheadShare(), "%.1f %%")));
    }
    double two = median(byMaster.get("local[2]"), Run::imagesPerSecond);
    double twoCluster = median(byMaster.get(cluster2), Run::imagesPerSecond);
    md.append(
        String.format(
            Locale.ROOT,
            "%nlocal-cluster[2] ÷ local[2]: **%.2f×** (target ≥ 0.9×); local-cluster[2] ÷"
                + " local-cluster[1]: **%.2f×** (target ≥ 1.7×); local[2] ÷ local[1]: %.2f×."
                + " Averaging overhead on local-cluster[2]: %.1f %% of the epoch (target ≤ 10 %%)."
                + " Ratios are of the medians.%n",
            twoCluster / two,
            twoCluster / oneCluster,
            two / oneLocal,
            100 * median(byMaster.get(cluster2), Run::overheadShare)));
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

  private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
    double[] v = runs.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static String range(
      List<Run> runs, java.util.function.ToDoubleFunction<Run> f, String format) {
    double[] v = runs.stream().mapToDouble(f).sorted().toArray();
    return String.format(Locale.ROOT, format, median(runs, f))
        + " ("
        + String.format(Locale.ROOT, format, v[0])
        + "–"
        + String.format(Locale.ROOT, format, v[v.length - 1])
        + ")";
  }
}
