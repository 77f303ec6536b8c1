package io.fcddspark.spark.train;

import io.fcddspark.config.ConfigException;
import io.fcddspark.nets.FcddNetworkFactory;
import io.fcddspark.nets.NetworkOptions;
import io.fcddspark.random.SampleRandom;
import io.fcddspark.spark.cluster.LocalClusterSettings;
import io.fcddspark.train.TrainConfig;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a network on {@link TrainingEpochs} with DL4J's Spark parameter averaging: every epoch the
 * learning rate is set from the config's schedule, then each of its passes fits one epoch of
 * batches (the batches stay in the partitions they were made in: no export, no repartition). A
 * pass's batches are built and cached (serialised) in a Spark job of their own before its averaging
 * rounds, so that the rounds only train. Progress (epoch, loss, images/s, ETA) goes to the log.
 *
 * <p>Each pass gets its own training master seeded from (seed, pass): DL4J splits an epoch into
 * averaging rounds with that master's random generator, so the rounds depend on the pass only, and
 * a run resumed at any epoch trains exactly as an uninterrupted one.
 */
public final class DistributedTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);

  /** Called after every epoch with the averaged network. */
  @FunctionalInterface
  public interface EpochEnd {
    /** {@code epochsDone} epochs are trained; {@code loss} is the last averaged loss. */
    void after(int epochsDone, MultiLayerNetwork net, double loss);
  }

  private final JavaSparkContext sc;
  private final TrainConfig config;
  private final Consumer<AveragingRound> rounds;

  public DistributedTrainer(JavaSparkContext sc, TrainConfig config) {
    this(sc, config, null);
  }

  /** A trainer that hands where each averaging round's time went to {@code rounds}. */
  public DistributedTrainer(
      JavaSparkContext sc, TrainConfig config, Consumer<AveragingRound> rounds) {
    this.sc = sc;
    this.config = config;
    this.rounds = rounds;
  }

  /**
   * Fails, naming the setting, when Spark serialises with Kryo without ND4J's registrator: Kryo
   * then serialises DL4J's arrays wrongly.
   */
  public static void requireDl4jSerializer(JavaSparkContext sc) {
    String serializer = sc.getConf().get("spark.serializer", "");
    if (serializer.contains("Kryo")
        && !sc.getConf().get("spark.kryo.registrator", "").contains("Nd4jRegistrator")) {
      throw new ConfigException(
          "Cannot train with spark.serializer = "
              + serializer
              + " without ND4J's registrator (spark.kryo.registrator ="
              + " org.nd4j.kryo.Nd4jRegistrator, from nd4j-kryo): use Java serialization, as"
              + " submit/fcdd-submit.sh sets");
    }
  }

  /** The training workers: the config's, else one per concurrent task slot ({@link #slots}). */
  public static int workers(TrainConfig config, JavaSparkContext sc) {
    if (config.distribution().workers() != null) {
      return config.distribution().workers();
    }
    return slots(sc.getConf(), sc.defaultParallelism());
  }

  private static final String TASK_GPUS = "spark.task.resource.gpu.amount";
  private static final String EXECUTOR_GPUS = "spark.executor.resource.gpu.amount";

  /**
   * The tasks the application runs at once: {@link #cores} divided by spark.task.cpus; where GPUs
   * are scheduled (spark.executor.resource.gpu.amount and spark.task.resource.gpu.amount) and each
   * executor's cores are known, executors × the fewer of an executor's CPU and GPU slots, as
   * Spark's scheduler counts them: so a worker per GPU, not per core.
   */
  static int slots(SparkConf conf, int defaultParallelism) {
    int taskCpus = conf.getInt("spark.task.cpus", 1);
    int cores = cores(conf, defaultParallelism);
    int cpuSlots = Math.max(1, cores / taskCpus);
    int executorCores = executorCores(conf);
    if (!conf.contains(TASK_GPUS) || !conf.contains(EXECUTOR_GPUS) || executorCores <= 0) {
      return cpuSlots;
    }
    double taskGpus = Double.parseDouble(conf.get(TASK_GPUS));
    int executorGpus = conf.getInt(EXECUTOR_GPUS, 0);
    if (!(taskGpus > 0) || executorGpus <= 0) {
      return cpuSlots;
    }
    int gpuSlots = (int) Math.floor(executorGpus / taskGpus + 1e-9);
    int executors = Math.max(1, cores / executorCores);
    return Math.max(1, executors * Math.min(executorCores / taskCpus, gpuSlots));
  }

  /** An executor's cores: a local-cluster's shape, else spark.executor.cores; -1 when unknown. */
  private static int executorCores(SparkConf conf) {
    Optional<LocalClusterSettings.Shape> shape =
        LocalClusterSettings.shape(conf.get("spark.master", ""));
    if (shape.isPresent()) {
      return shape.get().coresPerWorker();
    }
    return conf.getInt("spark.executor.cores", -1);
  }

  /**
   * The application's cores: spark.default.parallelism where it is set; else the shape of a {@code
   * local-cluster} master; else spark.cores.max (standalone); else executors × cores where both are
   * set without dynamic allocation; else Spark's default parallelism, which on a cluster is at
   * least 2 (a one-core cluster would otherwise train two workers in turn).
   */
  static int cores(SparkConf conf, int defaultParallelism) {
    if (conf.contains("spark.default.parallelism")) {
      return conf.getInt("spark.default.parallelism", defaultParallelism);
    }
    Optional<LocalClusterSettings.Shape> shape =
        LocalClusterSettings.shape(conf.get("spark.master", ""));
    if (shape.isPresent()) {
      return shape.get().workers() * shape.get().coresPerWorker();
    }
    if (conf.contains("spark.cores.max")) {
      return conf.getInt("spark.cores.max", defaultParallelism);
    }
    if (conf.contains("spark.executor.instances")
        && conf.contains("spark.executor.cores")
        && !conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
      return conf.getInt("spark.executor.instances", 1) * conf.getInt("spark.executor.cores", 1);
    }
    return defaultParallelism;
  }

  /** The network options of {@code config}: App. E's optimiser, weight decay, float. */
  public static NetworkOptions networkOptions(TrainConfig config) {
    TrainConfig.Optimizer o = config.optimizer();
    IUpdater updater =
        o.type() == TrainConfig.Optimizer.Type.SGD
            ? new Nesterovs(o.learningRate(), o.momentum())
            : new Adam(o.learningRate());
    return new NetworkOptions(config.seed(), updater, o.weightDecay(), DataType.FLOAT);
  }

  /** A new network of {@code config}'s architecture, head and objective, randomly initialised. */
  public static MultiLayerNetwork newNetwork(TrainConfig config) {
    return FcddNetworkFactory.build(
        config.architecture(), config.headSpec(), config.objectiveSpec(), networkOptions(config));
  }

  /** {@link #train(MultiLayerNetwork, TrainingEpochs, int, int, EpochEnd)} with no callback. */
  public MultiLayerNetwork train(
      MultiLayerNetwork net, TrainingEpochs batches, int first, int last) {
    return train(net, batches, first, last, (e, n, l) -> {});
  }

  /**
   * Trains {@code net} from epoch {@code first} (0 for a new run) up to {@code last} (exclusive),
   * calling {@code end} after each epoch; returns the trained network.
   */
  public MultiLayerNetwork train(
      MultiLayerNetwork net, TrainingEpochs batches, int first, int last, EpochEnd end) {
    long images = batches.size() * config.passesPerEpoch();
    long start = System.nanoTime();
    MultiLayerNetwork current = net;
    for (int e = first; e < last; e++) {
      current.setLearningRate(config.optimizer().rate(e));
      double loss = Double.NaN;
      for (int pass = 0; pass < config.passesPerEpoch(); pass++) {
        int p = e * config.passesPerEpoch() + pass;
        // The pass's batches built and cached in a job of their own, before the averaging rounds
        // (DL4J persists at the same level and reads them from the cache); the count is DL4J's.
        JavaRDD<DataSet> passBatches = batches.epoch(p).persist(StorageLevel.MEMORY_ONLY_SER());
        try {
          long batchCount = passBatches.count();
          SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, current, master(p, batchCount));
          current = spark.fit(passBatches);
          loss = spark.getScore();
        } finally {
          passBatches.unpersist(false);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      int done = e - first + 1;
      LOG.info(
          "epoch {}/{}: loss {}, lr {}, {} img/s, ETA {} s",
          e + 1,
          last,
          String.format("%.5f", loss),
          String.format("%.3g", config.optimizer().rate(e)),
          String.format("%.1f", done * images / seconds),
          String.format("%.0f", seconds / done * (last - e - 1)));
      end.after(e + 1, current, loss);
    }
    return current;
  }

  private OrderedAveragingTrainingMaster master(int pass, long batchCount) {
    long seed =
        SampleRandom.of(config.seed(), pass, 0, SampleRandom.Purpose.AVERAGING_ROUNDS).nextLong();
    return new OrderedAveragingTrainingMaster(
        new ParameterAveragingTrainingMaster.Builder(workers(config, sc), config.batchSize())
            .batchSizePerWorker(config.batchSize())
            .averagingFrequency(config.distribution().averagingFrequency())
            .workerPrefetchNumBatches(config.distribution().workerPrefetch())
            .rddTrainingApproach(RDDTrainingApproach.Direct)
            .repartionData(Repartition.Never)
            .saveUpdater(true)
            .rngSeed(seed),
        batchCount,
        rounds);
  }
}
