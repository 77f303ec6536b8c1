package io.fcddspark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fcddspark.config.ConfigLoader;
import io.fcddspark.evaluate.PixelMaps;
import io.fcddspark.ingest.PngCodec;
import io.fcddspark.loss.FcddObjective;
import io.fcddspark.metrics.ScoreLabelCounts;
import io.fcddspark.nets.Safetensors;
import io.fcddspark.nets.TorchvisionFeatureWeights;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.spark.train.DistributedTrainer;
import io.fcddspark.train.TrainConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Our side of the lockstep comparison with the reference on the MVTec-AD stand-in
 * (bench/lockstep-mvtec-like.sh): the reference's initial weights, its very training batches in its
 * order (its augmentation and confetti included) and its test set, as {@code
 * bench/python/reference_lockstep_mvtec_like.py} wrote them, go through our network, loss,
 * optimiser, schedule and pixel metrics; seeds and random draws no longer separate the two sides,
 * so what differs is the implementation. Writes the comparison to a Markdown page.
 *
 * <p>Arguments: the reference's folder, the train config (conf/train/mvtec-ad.yaml), the page, the
 * command that made it.
 */
public final class LockstepCheck {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EVAL_BATCH = 8;

  private LockstepCheck() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    JsonNode ref = JSON.readTree(dir.resolve("reference.json").toFile());
    int epochs = ref.get("epochs").asInt();
    TrainConfig config =
        ConfigLoader.load(
            Path.of(args[1]),
            List.of("pretrained=null", "epochs=" + epochs, "batchSize=" + ref.get("batch_size")),
            TrainConfig.class);
    MultiLayerNetwork net = DistributedTrainer.newNetwork(config);
    Map<String, Safetensors.Tensor> init = read(dir.resolve("init.safetensors"));
    TorchvisionFeatureWeights.load(net, config.architecture(), init, "init.safetensors");
    TorchvisionFeatureWeights.loadHead(net, init, "conv_final", "init.safetensors");

    Map<String, Safetensors.Tensor> train = read(dir.resolve("train.safetensors"));
    List<Double> losses = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    long start = System.nanoTime();
    for (int step = 0; step < ref.get("steps").asInt(); step++) {
      int epoch = ref.get("epoch_of_step").get(step).asInt();
      if (rates.size() == epoch) {
        rates.add(config.optimizer().rate(epoch));
        net.setLearningRate(rates.get(epoch));
      }
      Safetensors.Tensor gtmaps = train.get("step." + step + ".gtmaps");
      INDArray input = array(train.get("step." + step + ".input"));
      INDArray labels =
          Nd4j.create(
              gtmaps.values(),
              new long[] {gtmaps.shape()[0], gtmaps.size() / gtmaps.shape()[0]},
              'c');
      // DL4J's score adds the L2 penalty; the reference's loss has none (its weight decay is in
      // the optimiser), so the penalty before the step is taken off.
      double penalty = net.calcRegularizationScore(true);
      net.fit(new DataSet(input, labels));
      losses.add(net.score() - penalty);
      System.err.printf(
          Locale.ROOT,
          "lockstep: step %d/%d, loss %.5f (reference %.5f)%n",
          step + 1,
          ref.get("steps").asInt(),
          losses.get(step),
          ref.get("losses").get(step).asDouble());
    }
    double trainSeconds = (System.nanoTime() - start) / 1e9;

    Map<String, Safetensors.Tensor> test = read(dir.resolve("test.safetensors"));
    PixelMaps maps =
        new PixelMaps(
            config.architecture().receptiveField(),
            new TrainTransform(config.preprocess(), null, 1),
            config.upsamplingSigma());
    LockstepPage.Side ours = evaluate(maps(net, test.get("input")), test, maps);
    LockstepPage.Side theirs = evaluate(rows(test.get("heatmaps")), test, maps);
    String page = LockstepPage.render(args[3], ref, losses, rates, ours, theirs, trainSeconds);
    System.out.print(page);
    Files.writeString(Path.of(args[2]), page);
  }

  private static Map<String, Safetensors.Tensor> read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Safetensors.read(in, file.toString());
    }
  }

  private static INDArray array(Safetensors.Tensor t) {
    return Nd4j.create(t.values(), t.shape(), 'c').castTo(DataType.FLOAT);
  }

  /** Our eval-mode anomaly maps (pseudo-Huber of the net's u×v output) of every test image. */
  private static float[][] maps(MultiLayerNetwork net, Safetensors.Tensor input) {
    long n = input.shape()[0];
    int per = (int) (input.size() / n);
    float[][] out = new float[(int) n][];
    for (int from = 0; from < n; from += EVAL_BATCH) {
      int to = (int) Math.min(n, from + EVAL_BATCH);
      float[] slice = Arrays.copyOfRange(input.values(), from * per, to * per);
      long[] shape = input.shape().clone();
      shape[0] = to - from;
      float[] z = net.output(Nd4j.create(slice, shape, 'c'), false).dup('c').data().asFloat();
      int side = z.length / (to - from);
      for (int i = from; i < to; i++) {
        out[i] = new float[side];
        for (int p = 0; p < side; p++) {
          out[i][p] = (float) FcddObjective.pseudoHuber(z[(i - from) * side + p]);
        }
      }
    }
    return out;
  }

  /** The rows of an [N, ...] tensor. */
  private static float[][] rows(Safetensors.Tensor t) {
    int n = (int) t.shape()[0];
    int per = (int) (t.size() / n);
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      out[i] = Arrays.copyOfRange(t.values(), i * per, (i + 1) * per);
    }
    return out;
  }

  /**
   * Sample ROC-AUC of each map's mean (the reference's reduce_ascore) and pooled pixel ROC-AUC
   * where the evaluate job counts it (each map upsampled to 224, brought to the 240 mask).
   */
  private static LockstepPage.Side evaluate(
      float[][] a, Map<String, Safetensors.Tensor> test, PixelMaps maps) {
    Safetensors.Tensor gtmaps = test.get("gtmaps");
    int side = (int) gtmaps.shape()[gtmaps.shape().length - 1];
    float[] labels = test.get("labels").values();
    double[] sampleScores = new double[a.length];
    boolean[] anomalous = new boolean[a.length];
    ScoreLabelCounts pixels = ScoreLabelCounts.empty();
    for (int i = 0; i < a.length; i++) {
      double sum = 0;
      for (float v : a[i]) {
        sum += v;
      }
      sampleScores[i] = sum / a[i].length;
      anomalous[i] = labels[i] != 0;
      byte[] mask = new byte[side * side];
      for (int p = 0; p < mask.length; p++) {
        mask[p] = gtmaps.values()[i * mask.length + p] >= 0.5f ? (byte) 255 : 0;
      }
      String id = "test-" + i;
      PixelMaps.Counted c =
          maps.forMetrics(id, a[i], PngCodec.encode(1, side, side, mask), side, side);
      float[] y = new float[c.mask().length];
      for (int p = 0; p < y.length; p++) {
        y[p] = c.mask()[p] ? 1f : 0f;
      }
      pixels = pixels.merge(ScoreLabelCounts.ofPixels(c.heatmap(), y));
    }
    return new LockstepPage.Side(
        a, ScoreLabelCounts.of(sampleScores, anomalous).rocAuc().value(), pixels.rocAuc().value());
  }
}
