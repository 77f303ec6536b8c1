package io.fcddspark.bench;

import io.fcddspark.nets.FcddArchitecture;
import io.fcddspark.nets.FcddNetworkFactory;
import io.fcddspark.nets.Head;
import io.fcddspark.nets.NetworkOptions;
import io.fcddspark.nets.Objective;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training steps per second of one case, for {@code bench/step-ab.sh}, which runs it from two
 * builds (a base revision and the working tree), each in a JVM of its own. It uses only API that
 * both sides have. Prints one line: {@code RESULT case img/s}.
 *
 * <p>Arguments: {@code case seconds}; cases: {@code CNN28}, {@code CNN32} (sample loss, batch 128),
 * {@code CNN28_PIXEL} (per-pixel loss, batch 128), {@code VGG11_BN_PIXEL} (per-pixel loss at 224,
 * batch 4).
 */
public final class StepSpeed {
  private StepSpeed() {}

  public static void main(String[] args) {
    String name = args[0];
    double seconds = Double.parseDouble(args[1]);
    boolean pixel = name.endsWith("_PIXEL");
    FcddArchitecture arch = FcddArchitecture.valueOf(name.replace("_PIXEL", ""));
    int batch = arch == FcddArchitecture.VGG11_BN ? 4 : 128;
    NetworkOptions options = NetworkOptions.fashionMnistDefaults(1);
    MultiLayerNetwork net =
        pixel
            ? FcddNetworkFactory.build(arch, Head.fcdd(), new Objective.PixelMasks(8.0), options)
            : FcddNetworkFactory.fcdd(arch, options);
    DataSet data = Measure.randomBatch(arch, batch);
    if (pixel) {
      data = new DataSet(data.getFeatures(), masks(arch, batch));
    }
    DataSet step = data;
    double imagesPerSecond = Measure.throughput(() -> net.fit(step), batch, seconds);
    System.out.printf(Locale.ROOT, "RESULT %s %.2f%n", name, imagesPerSecond);
  }

  /** Every second image anomalous in a centred square covering a quarter of it. */
  private static INDArray masks(FcddArchitecture arch, int batch) {
    int h = arch.input().height();
    int w = arch.input().width();
    INDArray y = Nd4j.zeros(DataType.FLOAT, batch, h * w);
    for (int i = 1; i < batch; i += 2) {
      for (int r = h / 4; r < 3 * h / 4; r++) {
        for (int c = w / 4; c < 3 * w / 4; c++) {
          y.putScalar(i, r * w + c, 1);
        }
      }
    }
    return y;
  }
}
