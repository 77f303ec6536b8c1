package io.fcddspark.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fcddspark.config.ConfigLoader;
import io.fcddspark.nets.FcddNetworkFactory;
import io.fcddspark.preprocess.MinMaxScaling;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.provenance.CodeVersion;
import io.fcddspark.spark.HadoopFileStore;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.spark.evaluate.SampleScorer;
import io.fcddspark.spark.train.DistributedTrainer;
import io.fcddspark.train.ModelMetadata;
import io.fcddspark.train.ModelStore;
import io.fcddspark.train.TrainConfig;
import io.fcddspark.train.TrainingMethod;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scoring throughput of the evaluate job per net: {@link SampleScorer} over test images in Parquet
 * (PNG decode, the test transform, the forward pass on the executors in batches of 256 images or
 * 2^21 input values, whichever is fewer (VGG11-BN: 10), the heatmap and score per image), in
 * local[2] with one intra-op thread per task, against the bare forward pass of the same net on
 * pre-processed batches in one thread. Weights are a seeded random init: throughput does not depend
 * on them. {@code bench/scoring-throughput.sh} runs each side in a process of its own, interleaved,
 * several rounds.
 *
 * <p>Modes: {@code prepare WORK NET IMAGES} writes a net's test images and model; {@code scoring
 * WORK NET} and {@code forward WORK NET} print one {@code RESULT} JSON line (images/s); {@code
 * report OUT RESULTS COMMAND NET...} writes the section.
 */
public final class ScoringThroughputBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ScoringThroughputBenchmark() {}

  private enum Net {
    CNN28("conf/train/fashion-mnist.yaml", "fashion-mnist", 1, 28),
    CNN32("conf/train/cifar10.yaml", "cifar10", 3, 32),
    VGG11_BN("conf/train/imagenet30.yaml", "imagenet30", 3, 256);

    final String config;
    final String dataset;
    final int channels;
    final int side;

    Net(String config, String dataset, int channels, int side) {
      this.config = config;
      this.dataset = dataset;
      this.channels = channels;
      this.side = side;
    }

    TrainConfig trainConfig(Path work) {
      Path dir = work.resolve(name());
      return ConfigLoader.load(
          Path.of(config),
          List.of(
              "output=" + dir.resolve("model"),
              "data.input=" + dir.resolve("data"),
              "data.dataset=" + dataset,
              "outlierExposure=null"),
          TrainConfig.class);
    }
  }

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "prepare" -> prepare(Path.of(args[1]), Net.valueOf(args[2]), Integer.parseInt(args[3]));
      case "scoring" -> scoring(Path.of(args[1]), Net.valueOf(args[2]));
      case "forward" -> forward(Path.of(args[1]), Net.valueOf(args[2]));
      case "report" -> report(Path.of(args[1]), Path.of(args[2]), args[3], args);
      default -> throw new IllegalArgumentException("Unknown mode " + args[0]);
    }
  }

  private static void prepare(Path work, Net net, int images) {
    TrainConfig config = net.trainConfig(work);
    SparkSession spark = SparkSessions.local("local[2]", "scoring-throughput-prepare");
    try {
      RandomImages.write(
          spark,
          config.data().input(),
          new RandomImages.Spec(net.dataset, "test", 10, net.channels, net.side),
          images,
          7,
          4);
    } finally {
      spark.stop();
    }
    MultiLayerNetwork model =
        FcddNetworkFactory.fcdd(config.architecture(), DistributedTrainer.networkOptions(config));
    new ModelStore(new HadoopFileStore(new Configuration()))
        .write(
            config.output(),
            "model",
            model,
            new ModelMetadata(
                "model",
                0,
                config.seed(),
                config.trainingFingerprint(),
                -1.0,
                1.0,
                1,
                0,
                null,
                CodeVersion.current().toString(),
                Instant.now().toString(),
                0.0,
                TrainingMethod.CURRENT.versionOf(config),
                null,
                null));
  }

  /** The evaluate job's scorer over every test image, timed after one warm-up pass. */
  private static void scoring(Path work, Net net) throws IOException {
    TrainConfig config = net.trainConfig(work);
    SparkSession spark = SparkSessions.local("local[2]", "scoring-throughput");
    try {
      SampleScorer scorer = new SampleScorer(spark);
      scorer.score(config, config.output(), "model").count(); // warm-up
      long t0 = System.nanoTime();
      long scored = scorer.score(config, config.output(), "model").count();
      result(scored, scored / ((System.nanoTime() - t0) / 1e9));
    } finally {
      spark.stop();
    }
  }

  /** The bare forward pass on pre-processed batches of 256 random images in this thread. */
  private static void forward(Path work, Net net) throws IOException {
    TrainConfig config = net.trainConfig(work);
    MultiLayerNetwork model =
        new ModelStore(new HadoopFileStore(new Configuration()))
            .read(config.output(), "model")
            .net();
    TrainTransform t = new TrainTransform(config.preprocess(), new MinMaxScaling(-1, 1), 1);
    int side = t.outputSide(net.side);
    int batch = net == Net.VGG11_BN ? 16 : 256;
    Random random = new Random(8);
    float[] x = new float[batch * net.channels * side * side];
    for (int i = 0; i < batch; i++) {
      byte[] px = new byte[net.channels * net.side * net.side];
      random.nextBytes(px);
      float[] v = t.test(px, net.channels, net.side, net.side);
      System.arraycopy(v, 0, x, i * v.length, v.length);
    }
    INDArray input = Nd4j.create(x, new long[] {batch, net.channels, side, side}, 'c');
    double perSecond = Measure.throughput(() -> model.output(input), batch, 8);
    result(batch, perSecond);
  }

  private static void result(long images, double perSecond) throws IOException {
    ObjectNode r = JSON.createObjectNode().put("images", images).put("img_s", perSecond);
    InterleavedRuns.printResult(r);
  }

  private static void report(Path out, Path results, String command, String[] args)
      throws IOException {
    InterleavedRuns runs = InterleavedRuns.read(results);
    StringBuilder md = new StringBuilder();
    md.append("## Scoring throughput per net (issues #8, #26)\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Generated by `%s` on %s: %s, %d cores visible, CPU backend. *Scoring* is the evaluate"
                + " job's `SampleScorer` over test images in Parquet in local[2] (PNG decode, test"
                + " transform, forward pass on the executors in batches of 256 images or 2^21"
                + " input values, whichever is fewer (VGG11-BN: 10), heatmap and score per image;"
                + " one intra-op thread per task), timed after one warm-up pass. *Forward only* is"
                + " the same net's `output` on pre-processed batches (256 images; VGG11-BN 16) in"
                + " one thread, timed for at least 8 s after two warm-up batches. Random PNG images"
                + " of the config's stored size (VGG11-BN: 256, centre-cropped to 224), seeded"
                + " random weights. Each run is a JVM of its own, the two sides interleaved per"
                + " net, %d rounds; each cell is the median (min–max) of images/s, and the ratio is"
                + " of the medians. %s%n%n",
            command,
            LocalDate.now(),
            Measure.cpuModel(),
            Runtime.getRuntime().availableProcessors(),
            runs.rounds(),
            runs.idleSentence()));
    md.append(
        "| net | input | images | scoring img/s (local[2]) | forward only img/s (1 thread) |"
            + " scoring ÷ forward |\n|---|---|---|---|---|---|\n");
    for (int i = 4; i < args.length; i++) {
      Net net = Net.valueOf(args[i]);
      Spread scoring = runs.spread("scoring-" + net, "img_s");
      Spread forward = runs.spread("forward-" + net, "img_s");
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d×%d×%d | %d | %s | %s | %.2f |%n",
              net,
              net.channels,
              net.side,
              net.side,
              runs.of("scoring-" + net).get(0).path("images").asLong(),
              scoring.cell("%.1f"),
              forward.cell("%.1f"),
              scoring.median() / forward.median()));
    }
    System.out.print(md);
    DocSections.replace(out, "scoring-throughput", md.toString());
  }
}
