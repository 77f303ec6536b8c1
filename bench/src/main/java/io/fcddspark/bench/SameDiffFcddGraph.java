package io.fcddspark.bench;

import io.fcddspark.loss.FcddObjective;
import io.fcddspark.nets.FcddArchitecture;
import io.fcddspark.nets.LayerSpec;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * The FCDD network and loss as a SameDiff graph, built from the same layer list, to measure
 * SameDiff against the layer APIs. BatchNorm is written out (batch mean and variance, affine)
 * because SameDiff's {@code batchNorm} op cannot be trained in M2.1. Training-mode statistics only:
 * enough for timing, not a product path (dl4j-spark cannot parameter-average SameDiff).
 */
final class SameDiffFcddGraph {
  static final String INPUT = "x";
  static final String LABELS = "y";
  static final String HEATMAP = "z";

  private SameDiffFcddGraph() {}

  static SameDiff build(FcddArchitecture arch, long seed) {
    Nd4j.getRandom().setSeed(seed);
    SameDiff sd = SameDiff.create();
    var in = arch.input();
    SDVariable h =
        sd.placeHolder(INPUT, DataType.FLOAT, -1, in.channels(), in.height(), in.width());
    SDVariable y = sd.placeHolder(LABELS, DataType.FLOAT, -1, 1);
    int channels = in.channels();
    int n = 0;
    for (LayerSpec spec : arch.fcddLayers()) {
      n++;
      if (spec instanceof LayerSpec.Conv c) {
        double bound = 1 / Math.sqrt((double) c.inChannels() * c.kernel() * c.kernel());
        SDVariable w =
            sd.var(
                "w" + n,
                Nd4j.rand(DataType.FLOAT, c.kernel(), c.kernel(), c.inChannels(), c.outChannels())
                    .muli(2 * bound)
                    .subi(bound));
        SDVariable b = sd.zero("b" + n, DataType.FLOAT, c.outChannels());
        Conv2DConfig conf =
            Conv2DConfig.builder()
                .kH(c.kernel())
                .kW(c.kernel())
                .sH(c.stride())
                .sW(c.stride())
                .pH(c.padding())
                .pW(c.padding())
                .dataFormat("NCHW")
                .build();
        h = sd.cnn().conv2d(h, w, b, conf);
        channels = c.outChannels();
      } else if (spec instanceof LayerSpec.BatchNorm bn) {
        SDVariable gamma = sd.var("gamma" + n, Nd4j.ones(DataType.FLOAT, 1, channels, 1, 1));
        SDVariable beta = sd.zero("beta" + n, DataType.FLOAT, 1, channels, 1, 1);
        SDVariable mean = h.mean(true, 0, 2, 3);
        SDVariable centred = h.sub(mean);
        SDVariable var = centred.mul(centred).mean(true, 0, 2, 3);
        h = centred.div(sd.math().sqrt(var.add(bn.eps()))).mul(gamma).add(beta);
      } else if (spec instanceof LayerSpec.Activation a) {
        h =
            a.kind() == LayerSpec.Activation.Kind.RELU
                ? sd.nn().relu(h, 0)
                : sd.nn().leakyRelu(h, 0.01);
      } else {
        LayerSpec.MaxPool p = (LayerSpec.MaxPool) spec;
        h =
            sd.cnn()
                .maxPooling2d(
                    h,
                    Pooling2DConfig.builder()
                        .kH(p.kernel())
                        .kW(p.kernel())
                        .sH(p.stride())
                        .sW(p.stride())
                        .pH(p.padding())
                        .pW(p.padding())
                        .type(Pooling2D.Pooling2DType.MAX)
                        .isNHWC(false)
                        .build());
      }
    }
    SDVariable z = sd.identity(HEATMAP, h);
    SDVariable a = sd.math().sqrt(z.mul(z).add(1)).sub(1);
    SDVariable score = a.mean(true, 1, 2, 3).reshape(-1, 1);
    SDVariable anomalous =
        sd.math().log(sd.math().exp(score.neg()).rsub(1).add(FcddObjective.LOG_EPSILON)).neg();
    SDVariable perSample = y.rsub(1).mul(score).add(y.mul(anomalous));
    SDVariable loss = perSample.mean("loss");
    sd.setLossVariables(loss);
    sd.setTrainingConfig(
        new TrainingConfig.Builder()
            .updater(new Nesterovs(0.01, 0.9))
            .l2(1e-6)
            .dataSetFeatureMapping(INPUT)
            .dataSetLabelMapping(LABELS)
            .build());
    return sd;
  }
}
