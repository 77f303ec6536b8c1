package io.fcddspark.spark.train;

import io.fcddspark.config.ConfigException;
import io.fcddspark.dl4j.Nd4jBackendChoice;
import io.fcddspark.job.Job;
import io.fcddspark.nets.ImageShape;
import io.fcddspark.nets.Objective;
import io.fcddspark.nets.Safetensors;
import io.fcddspark.nets.TorchvisionFeatureWeights;
import io.fcddspark.preprocess.MinMaxScaling;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.provenance.CodeVersion;
import io.fcddspark.provenance.Hardware;
import io.fcddspark.provenance.RecordJson;
import io.fcddspark.spark.HadoopFileStore;
import io.fcddspark.spark.HadoopFiles;
import io.fcddspark.spark.cluster.SparkRun;
import io.fcddspark.train.AveragingRounds;
import io.fcddspark.train.LabelledAnomalies;
import io.fcddspark.train.ModelMetadata;
import io.fcddspark.train.ModelStore;
import io.fcddspark.train.TrainConfig;
import io.fcddspark.train.TrainProvenance;
import io.fcddspark.train.TrainingMethod;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The train job: ingested images → per-class constants → epochs of batches on the executors → DL4J
 * parameter averaging, with checkpoints, snapshots and provenance under the config's output:
 *
 * <ul>
 *   <li>{@code checkpoints/epoch-NNNNN.{zip,json}}: every {@code checkpointEvery} epochs and at the
 *       end (model, updater state, epoch, constants); only the latest is kept;
 *   <li>{@code snapshots/epoch-NNNNN.{zip,json}}: at the configured epochs, for the test-AUC
 *       history;
 *   <li>{@code model.{zip,json}}: the final model;
 *   <li>{@code provenance.json}: config, seed, fingerprint, input manifests, code version, times,
 *       hardware, Spark master and parallelism.
 * </ul>
 *
 * <p>A run whose output holds a checkpoint of the same {@link TrainConfig#trainingFingerprint()}
 * resumes from it, with the same weights an uninterrupted run would have (every random choice is
 * drawn from (seed, epoch, sample)); one whose final model is there does nothing. A checkpoint of
 * another config is an error, never overwritten.
 */
public final class TrainJob implements Job<TrainConfig, TrainResult> {
  private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);
  private static final String CHECKPOINTS = "checkpoints";
  private static final String SNAPSHOTS = "snapshots";
  private static final String MODEL = "model";

  private final SparkSession spark;
  private final DistributedTrainer.EpochEnd observer;

  public TrainJob(SparkSession spark) {
    this(spark, (e, n, l) -> {});
  }

  /** A job that also tells {@code observer} about every epoch, after its models are written. */
  public TrainJob(SparkSession spark, DistributedTrainer.EpochEnd observer) {
    this.spark = spark;
    this.observer = observer;
  }

  /** Trains (or resumes, or finds done) the model of {@code config}. */
  @Override
  public TrainResult run(TrainConfig config) {
    Instant started = Instant.now();
    requireIngestOutput("data.input", config.data().input());
    if (config.pretrained() != null) {
      requireFile("pretrained.weights", config.pretrained().weights());
    }
    if (config.outlierExposure() != null) {
      requireIngestOutput("outlierExposure.input", config.outlierExposure().input());
    }
    String out = config.output();
    ModelStore store =
        new ModelStore(new HadoopFileStore(spark.sparkContext().hadoopConfiguration()));
    Optional<ModelStore.Stored> resumed = resumePoint(store, config);
    int first = resumed.map(s -> s.metadata().epochsDone()).orElse(0);
    if (first >= config.epochs() && store.exists(out, MODEL)) {
      ModelMetadata done = store.metadata(out, MODEL);
      LOG.info("Train {}: already trained ({} epochs), nothing to do", out, done.epochsDone());
      return new TrainResult(
          out + "/" + MODEL,
          done.epochsDone(),
          done.epochsDone(),
          done.loss(),
          0,
          seconds(started),
          done.trainingSeconds());
    }

    TrainingData data = new TrainingData(spark);
    Dataset<Row> nominal = data.nominalTraining(config.data());
    Dataset<Row> oe = null;
    if (config.outlierExposure() != null) {
      oe = data.outlierExposure(config.outlierExposure(), config.seed());
    } else if (config.data().labelledAnomalies() > 0) {
      oe = data.labelledAnomalies(config.data(), config.seed());
      writeLabelledAnomalies(config, oe);
    }
    TrainTransform unscaled = new TrainTransform(config.preprocess(), null, config.seed());
    MinMaxScaling scaling =
        resumed
            .map(s -> s.metadata().scaling())
            .orElseGet(
                () -> unscaled.fitsScaling() ? TrainingData.fitScaling(nominal, unscaled) : null);
    TrainTransform transform = new TrainTransform(config.preprocess(), scaling, config.seed());
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    DistributedTrainer.requireDl4jSerializer(sc);
    int partitions = DistributedTrainer.workers(config, sc);
    resumed.ifPresent(
        s -> {
          if (s.metadata().partitions() != partitions) {
            LOG.warn(
                "Train {}: the checkpoint was trained in {} partitions, this run has {}: the"
                    + " weights will differ from an uninterrupted run's",
                out,
                s.metadata().partitions(),
                partitions);
          }
        });
    EpochBatches batches =
        new EpochBatches(
            nominal,
            oe,
            config.anomalyProbability(),
            new EpochBatches.Supervision(
                config.synthetic() == TrainConfig.Synthetic.CONFETTI,
                config.objective() == Objective.Kind.PIXEL,
                config.swapLabels()),
            transform,
            config.batchSize(),
            partitions);
    requireInputShape(config, batches.inputShape());
    MultiLayerNetwork net = resumed.map(ModelStore.Stored::net).orElseGet(() -> freshNet(config));
    LOG.info(
        "Train {}: {} nominal images, {} epochs from {}, {} partitions",
        out,
        batches.size(),
        config.epochs(),
        first,
        partitions);
    new AveragingRounds(
            batches.size(),
            config.batchSize(),
            partitions,
            config.distribution().averagingFrequency())
        .warning()
        .ifPresent(w -> LOG.warn("Train {}: {}", out, w));

    double[] lastLoss = {resumed.map(s -> s.metadata().loss()).orElse(Double.NaN)};
    // Earlier runs' training time: 0 for a fresh run, null when a checkpoint did not record it.
    Double earlier =
        resumed.isPresent() ? resumed.get().metadata().trainingSeconds() : (Double) 0.0;
    TrainingClock clock = new TrainingClock(earlier, started);
    Instant trainStart = Instant.now();
    MultiLayerNetwork trained =
        new DistributedTrainer(sc, config)
            .train(
                net,
                batches,
                first,
                config.epochs(),
                (done, n, loss) -> {
                  lastLoss[0] = loss;
                  if (config.snapshots().contains(done)) {
                    store.write(
                        out + "/" + SNAPSHOTS,
                        name(done),
                        n,
                        metadata("snapshot", config, done, scaling, partitions, loss, clock));
                  }
                  if (done % config.checkpointEvery() == 0 || done == config.epochs()) {
                    store.write(
                        out + "/" + CHECKPOINTS,
                        name(done),
                        n,
                        metadata("checkpoint", config, done, scaling, partitions, loss, clock));
                    store.deleteAllBut(out + "/" + CHECKPOINTS, name(done));
                  }
                  observer.after(done, n, loss);
                });
    double trainSeconds = Duration.between(trainStart, Instant.now()).toMillis() / 1e3;
    ModelMetadata model =
        store.write(
            out,
            MODEL,
            trained,
            metadata("model", config, config.epochs(), scaling, partitions, lastLoss[0], clock));
    double imagesPerSecond =
        (config.epochs() - first) * batches.size() * config.passesPerEpoch() / trainSeconds;
    writeProvenance(config, data, started, first, partitions, model, imagesPerSecond);
    return new TrainResult(
        out + "/" + MODEL,
        config.epochs(),
        first,
        lastLoss[0],
        imagesPerSecond,
        seconds(started),
        model.trainingSeconds());
  }

  /**
   * Records which test images were trained on ({@code labelled-anomalies.json}: ids, defect and
   * source), so that the evaluate job leaves them out of the test set.
   */
  private void writeLabelledAnomalies(TrainConfig config, Dataset<Row> chosen) {
    List<LabelledAnomalies.Image> images = new ArrayList<>();
    for (Row r : chosen.select("id", "defect", "source_uri").orderBy("id").collectAsList()) {
      images.add(
          new LabelledAnomalies.Image(r.getAs("id"), r.getAs("defect"), r.getAs("source_uri")));
    }
    LabelledAnomalies labelled =
        new LabelledAnomalies(config.data().labelledAnomalies(), config.seed(), images);
    HadoopFiles.writeBytes(
        spark.sparkContext().hadoopConfiguration(),
        new Path(config.output(), LabelledAnomalies.FILE),
        labelled.toJson());
    LOG.info(
        "Train {}: {} labelled anomalies taken out of the test set",
        config.output(),
        images.size());
  }

  /** A new network: random init, or the pretrained trunk with its first layers frozen. */
  private MultiLayerNetwork freshNet(TrainConfig config) {
    MultiLayerNetwork net = DistributedTrainer.newNetwork(config);
    TrainConfig.Pretrained p = config.pretrained();
    if (p == null) {
      return net;
    }
    Path file = new Path(p.weights());
    try (InputStream in =
        file.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(file)) {
      TorchvisionFeatureWeights.load(
          net, config.architecture(), Safetensors.read(in, p.weights()), p.weights());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read pretrained weights " + p.weights() + ": " + e.getMessage(), e);
    }
    LOG.info(
        "Train {}: trunk from {}, {} feature layers frozen",
        config.output(),
        p.weights(),
        p.freeze());
    return TorchvisionFeatureWeights.freeze(net, config.architecture(), p.freeze());
  }

  /** Fails before any work, naming the key, when {@code input} is not a finished ingest output. */
  private void requireIngestOutput(String key, String input) {
    if (!exists(new Path(input, "manifest.json"))) {
      throw new ConfigException(
          String.format(
              "Cannot train from %s = %s: it is not a finished ingest output (no manifest.json)",
              key, input));
    }
  }

  /** The net's input shape must be what the data and pre-processing give it. */
  private static void requireInputShape(TrainConfig config, int[] shape) {
    ImageShape in = config.architecture().input();
    if (shape[0] != in.channels() || shape[1] != in.height() || shape[2] != in.width()) {
      throw new ConfigException(
          String.format(
              "Cannot train %s on %s: its images become %d×%d×%d after preprocess, the net takes"
                  + " %d×%d×%d (set preprocess.resize/crop, or ingest with that many channels)",
              config.net(),
              config.data().input(),
              shape[0],
              shape[1],
              shape[2],
              in.channels(),
              in.height(),
              in.width()));
    }
  }

  private void requireFile(String key, String file) {
    if (!exists(new Path(file))) {
      throw new ConfigException(
          String.format("Cannot set %s to %s: the file does not exist", key, file));
    }
  }

  private boolean exists(Path path) {
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot look up " + path, e);
    }
  }

  /** The latest checkpoint of this config, if any; one of another config is an error. */
  private static Optional<ModelStore.Stored> resumePoint(ModelStore store, TrainConfig config) {
    String dir = config.output() + "/" + CHECKPOINTS;
    Optional<String> last = store.last(dir);
    if (last.isEmpty()) {
      return Optional.empty();
    }
    ModelMetadata meta = store.metadata(dir, last.get());
    String methodChanges = TrainingMethod.CURRENT.changesSince(meta.method(), config);
    if (!methodChanges.isEmpty()) {
      throw new ConfigException(
          String.format(
              "Cannot train into %s: its checkpoint %s was trained under training method %d, and"
                  + " the method has changed since for this config (%s); its models are not"
                  + " reused: delete %s, or choose another output, to train it again",
              config.output(),
              last.get(),
              meta.method() == null ? TrainingMethod.FIRST : meta.method(),
              methodChanges,
              config.output()));
    }
    if (!meta.fingerprint().equals(config.trainingFingerprint())) {
      throw new ConfigException(
          String.format(
              "Cannot train into %s: it holds checkpoint %s of another training config"
                  + " (fingerprint %s, this config's is %s); choose another output or delete it",
              config.output(), last.get(), meta.fingerprint(), config.trainingFingerprint()));
    }
    if (meta.epochsDone() > config.epochs()) {
      throw new ConfigException(
          String.format(
              "Cannot train %s for %d epochs: its checkpoint %s has %d already",
              config.output(), config.epochs(), last.get(), meta.epochsDone()));
    }
    LOG.info(
        "Train {}: resuming from {} ({} epochs done)",
        config.output(),
        last.get(),
        meta.epochsDone());
    return Optional.of(store.read(dir, last.get()));
  }

  private static ModelMetadata metadata(
      String kind,
      TrainConfig config,
      int done,
      MinMaxScaling scaling,
      int partitions,
      double loss,
      TrainingClock clock) {
    return new ModelMetadata(
            kind,
            done,
            config.seed(),
            config.trainingFingerprint(),
            null,
            null,
            partitions,
            loss,
            null,
            CodeVersion.current().toString(),
            Instant.now().toString(),
            clock.total(),
            TrainingMethod.CURRENT.versionOf(config),
            null,
            null)
        .withScaling(scaling);
  }

  /** Training time so far: earlier runs' (null when unknown) and this run's since it started. */
  private record TrainingClock(Double earlier, Instant started) {
    Double total() {
      return earlier == null ? null : earlier + seconds(started);
    }
  }

  /** {@code epoch-00042}: sorts by epoch. */
  static String name(int epochsDone) {
    return String.format("epoch-%05d", epochsDone);
  }

  private void writeProvenance(
      TrainConfig config,
      TrainingData data,
      Instant started,
      int resumedFrom,
      int partitions,
      ModelMetadata model,
      double imagesPerSecond) {
    Nd4jBackendChoice backend = Nd4jBackendChoice.ofThisJvm();
    TrainProvenance p =
        new TrainProvenance(
            RecordJson.tree(config),
            config.seed(),
            config.trainingFingerprint(),
            new TrainProvenance.Inputs(
                data.manifestIdentity(config.data().input()),
                config.outlierExposure() == null
                    ? null
                    : data.manifestIdentity(config.outlierExposure().input())),
            CodeVersion.current(),
            started.toString(),
            Instant.now().toString(),
            resumedFrom,
            model,
            imagesPerSecond,
            new TrainProvenance.Run(
                spark.sparkContext().master(),
                spark.version(),
                RecordJson.tree(SparkRun.of(spark.sparkContext())),
                partitions,
                Nd4j.getBackend().getClass().getSimpleName(),
                backend.fellBackToCpu() ? backend.cudaSkipped() : null,
                Hardware.current()));
    HadoopFiles.writeBytes(
        spark.sparkContext().hadoopConfiguration(),
        new Path(config.output(), ModelStore.PROVENANCE),
        p.toJson());
  }

  private static double seconds(Instant since) {
    return Duration.between(since, Instant.now()).toMillis() / 1e3;
  }
}
