package io.fcddspark.loss;

import io.fcddspark.heatmap.GaussianUpsampler;
import java.util.Objects;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The semi-supervised, per-pixel FCDD loss (paper Sec. 4.2) as a DL4J {@link ILossFunction}.
 *
 * <p>For each sample, {@code A = pseudoHuber(z)} on the u&times;v heatmap is upsampled with the
 * {@link GaussianUpsampler} to {@code A'} (h&times;w, unnormalised, as in the reference); nominal
 * pixels contribute {@code A'_p}, anomalous pixels {@code -log(1 - exp(-A'_p) + 1e-31)}, and the
 * sample's loss is the mean over its h&times;w pixels. Labels are the ground-truth masks, [N, h*w],
 * 0/1, row-major. Synthetic anomalies whose whole image is anomalous have an all-ones mask. The
 * gradient flows back through the upsampling ({@link GaussianUpsampler#adjoint}).
 */
public final class FcddPixelLossFunction implements ILossFunction {
  private static final long serialVersionUID = 1L;

  private int heatmapHeight;
  private int heatmapWidth;
  private int outHeight;
  private int outWidth;
  private int fieldSize;
  private int jump;
  private double start;
  private double sigma;
  private transient GaussianUpsampler upsampler;

  /** For deserialisation only. */
  public FcddPixelLossFunction() {}

  /** A pixel loss that upsamples with the geometry of {@code upsampler}'s parameters. */
  public FcddPixelLossFunction(
      int heatmapHeight,
      int heatmapWidth,
      int outHeight,
      int outWidth,
      int fieldSize,
      int jump,
      double start,
      double sigma) {
    this.heatmapHeight = heatmapHeight;
    this.heatmapWidth = heatmapWidth;
    this.outHeight = outHeight;
    this.outWidth = outWidth;
    this.fieldSize = fieldSize;
    this.jump = jump;
    this.start = start;
    this.sigma = sigma;
    upsampler();
  }

  private GaussianUpsampler upsampler() {
    if (upsampler == null) {
      upsampler =
          new GaussianUpsampler(
              heatmapHeight, heatmapWidth, outHeight, outWidth, fieldSize, jump, start, sigma);
    }
    return upsampler;
  }

  @Override
  public INDArray computeScoreArray(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    return Dl4jLossArrays.column(
        lossesAndGradient(labels, preOutput, activationFn, mask, null), preOutput.dataType());
  }

  @Override
  public double computeScore(
      INDArray labels,
      INDArray preOutput,
      IActivation activationFn,
      INDArray mask,
      boolean average) {
    double[] l = lossesAndGradient(labels, preOutput, activationFn, mask, null);
    double s = Dl4jLossArrays.sum(l);
    return average ? s / l.length : s;
  }

  @Override
  public INDArray computeGradient(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    double[][] grad = new double[(int) preOutput.size(0)][];
    lossesAndGradient(labels, preOutput, activationFn, mask, grad);
    return Dl4jLossArrays.backprop(grad, preOutput, activationFn);
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(
      INDArray labels,
      INDArray preOutput,
      IActivation activationFn,
      INDArray mask,
      boolean average) {
    double[][] grad = new double[(int) preOutput.size(0)][];
    double[] l = lossesAndGradient(labels, preOutput, activationFn, mask, grad);
    double s = Dl4jLossArrays.sum(l);
    return new Pair<>(
        average ? s / l.length : s, Dl4jLossArrays.backprop(grad, preOutput, activationFn));
  }

  /** Per-sample losses; fills {@code gradOut[i]} with dL_i/dz_i when it is not null. */
  private double[] lossesAndGradient(
      INDArray labels,
      INDArray preOutput,
      IActivation activationFn,
      INDArray mask,
      double[][] gradOut) {
    GaussianUpsampler up = upsampler();
    double[][] z = Dl4jLossArrays.activatedRows(name(), preOutput, activationFn);
    int pixels = outHeight * outWidth;
    double[][] y = Dl4jLossArrays.binaryLabels(name(), labels, z.length, pixels);
    double[] losses = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      if (z[i].length != heatmapHeight * heatmapWidth) {
        throw new IllegalArgumentException(
            String.format(
                "%s expects %dx%d heatmaps (%d values), got %d",
                name(), heatmapHeight, heatmapWidth, heatmapHeight * heatmapWidth, z[i].length));
      }
      double[] a = new double[z[i].length];
      for (int p = 0; p < a.length; p++) {
        a[p] = FcddObjective.pseudoHuber(z[i][p]);
      }
      double[] up2 = up.upsample(a);
      double m = Dl4jLossArrays.maskAt(mask, i);
      double loss = 0;
      double[] dUp = gradOut == null ? null : new double[pixels];
      for (int p = 0; p < pixels; p++) {
        boolean anomalous = y[i][p] == 1.0;
        loss += FcddObjective.sampleLoss(up2[p], anomalous);
        if (dUp != null) {
          dUp[p] = FcddObjective.sampleLossDerivative(up2[p], anomalous) * m / pixels;
        }
      }
      losses[i] = loss / pixels * m;
      if (gradOut != null) {
        double[] dA = up.adjoint(dUp);
        for (int p = 0; p < dA.length; p++) {
          dA[p] *= FcddObjective.pseudoHuberDerivative(z[i][p]);
        }
        gradOut[i] = dA;
      }
    }
    return losses;
  }

  @Override
  public String name() {
    return "FcddPixelLoss";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FcddPixelLossFunction f
        && f.heatmapHeight == heatmapHeight
        && f.heatmapWidth == heatmapWidth
        && f.outHeight == outHeight
        && f.outWidth == outWidth
        && f.fieldSize == fieldSize
        && f.jump == jump
        && f.start == start
        && f.sigma == sigma;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        heatmapHeight, heatmapWidth, outHeight, outWidth, fieldSize, jump, start, sigma);
  }

  @Override
  public String toString() {
    return String.format(
        "FcddPixelLoss(%dx%d -> %dx%d, r=%d, j=%d, s=%s, sigma=%s)",
        heatmapHeight, heatmapWidth, outHeight, outWidth, fieldSize, jump, start, sigma);
  }
}
