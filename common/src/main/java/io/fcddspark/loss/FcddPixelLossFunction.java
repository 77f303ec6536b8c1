package io.fcddspark.loss;

import io.fcddspark.dl4j.HostKernels;
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
 * {@link GaussianUpsampler} to {@code A'} (h&times;w, m pixels, unnormalised, as in the reference);
 * with the mask Y the sample's loss is {@code (1/m) Σ (1 - Y_p) A'_p - log(1 - exp(-(1/m) Σ Y_p
 * A'_p) + 1e-31)}, the second term only where Y has an anomalous pixel: the paper's pixel-wise
 * objective (Sec. 4.2) and the reference's {@code FCDDTrainer.__gt_loss}, the log taken of the mean
 * anomalous mass, not pixel by pixel. Labels are the ground-truth masks, [N, h*w], 0/1, row-major.
 * Synthetic anomalies whose whole image is anomalous have an all-ones mask. The gradient flows back
 * through the upsampling ({@link GaussianUpsampler#adjoint(INDArray)}). Where host kernels run
 * ({@link HostKernels}, the CPU) in loops over host arrays; elsewhere as ND4J operations ({@link
 * FcddLossOps}) where the arrays live. The two agree to rounding ({@code Nd4jLossEquivalenceTest}).
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
    if (HostKernels.enabled()) {
      return Dl4jLossArrays.column(
          hostLossesAndGradient(labels, preOutput, activationFn, mask, null), preOutput.dataType());
    }
    return terms(labels, preOutput, activationFn, mask).losses().castTo(preOutput.dataType());
  }

  @Override
  public double computeScore(
      INDArray labels,
      INDArray preOutput,
      IActivation activationFn,
      INDArray mask,
      boolean average) {
    if (HostKernels.enabled()) {
      double[] l = hostLossesAndGradient(labels, preOutput, activationFn, mask, null);
      double s = Dl4jLossArrays.sum(l);
      return average ? s / l.length : s;
    }
    INDArray losses = terms(labels, preOutput, activationFn, mask).losses();
    double s = losses.sumNumber().doubleValue();
    return average ? s / losses.size(0) : s;
  }

  @Override
  public INDArray computeGradient(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    if (HostKernels.enabled()) {
      double[][] grad = new double[(int) preOutput.size(0)][];
      hostLossesAndGradient(labels, preOutput, activationFn, mask, grad);
      return Dl4jLossArrays.backprop(grad, preOutput, activationFn);
    }
    return terms(labels, preOutput, activationFn, mask).gradient(preOutput, activationFn);
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(
      INDArray labels,
      INDArray preOutput,
      IActivation activationFn,
      INDArray mask,
      boolean average) {
    if (HostKernels.enabled()) {
      double[][] grad = new double[(int) preOutput.size(0)][];
      double[] l = hostLossesAndGradient(labels, preOutput, activationFn, mask, grad);
      double s = Dl4jLossArrays.sum(l);
      return new Pair<>(
          average ? s / l.length : s, Dl4jLossArrays.backprop(grad, preOutput, activationFn));
    }
    Terms t = terms(labels, preOutput, activationFn, mask);
    double s = t.losses().sumNumber().doubleValue();
    return new Pair<>(average ? s / t.z().size(0) : s, t.gradient(preOutput, activationFn));
  }

  /**
   * Per-sample losses in loops over host arrays; fills {@code gradOut[i]} with dL_i/dz_i when it is
   * not null.
   */
  private double[] hostLossesAndGradient(
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
      double nominalMass = 0;
      double anomalousMass = 0;
      boolean anyAnomalous = false;
      for (int p = 0; p < pixels; p++) {
        if (y[i][p] == 1.0) {
          anomalousMass += up2[p];
          anyAnomalous = true;
        } else {
          nominalMass += up2[p];
        }
      }
      double meanAnomalous = anomalousMass / pixels;
      double loss =
          nominalMass / pixels
              + (anyAnomalous ? FcddObjective.sampleLoss(meanAnomalous, true) : 0.0);
      losses[i] = loss * m;
      if (gradOut != null) {
        double dMean = anyAnomalous ? FcddObjective.sampleLossDerivative(meanAnomalous, true) : 0.0;
        double[] dUp = new double[pixels];
        for (int p = 0; p < pixels; p++) {
          dUp[p] = (y[i][p] == 1.0 ? dMean : 1.0) * m / pixels;
        }
        double[] dA = up.adjoint(dUp);
        for (int p = 0; p < dA.length; p++) {
          dA[p] *= FcddObjective.pseudoHuberDerivative(z[i][p]);
        }
        gradOut[i] = dA;
      }
    }
    return losses;
  }

  /**
   * A batch's activated heatmaps z [N, u*v], pixel labels y [N, h*w], mask m [N, 1], the upsampled
   * pseudo-Huber maps [N, h*w], the mean anomalous mass and whether there is any [N, 1].
   */
  private record Terms(
      GaussianUpsampler up,
      INDArray z,
      INDArray y,
      INDArray m,
      INDArray upsampled,
      INDArray meanAnomalous,
      INDArray anyAnomalous) {
    /** Per-sample losses [N, 1]: mean nominal mass plus the anomalous term, masked. */
    INDArray losses() {
      INDArray nominal = upsampled.mul(y.rsub(1.0)).mean(true, 1);
      INDArray anomalous = FcddLossOps.sampleLoss(meanAnomalous, anyAnomalous).muli(anyAnomalous);
      return nominal.addi(anomalous).muli(m);
    }

    /** dL/dpreOutput per sample, back through the upsampling and the pseudo-Huber. */
    INDArray gradient(INDArray preOutput, IActivation activationFn) {
      long n = z.size(0);
      INDArray dMean =
          FcddLossOps.sampleLossDerivative(meanAnomalous, anyAnomalous).muli(anyAnomalous);
      INDArray dUp =
          y.rsub(1.0).addi(y.mulColumnVector(dMean)).muliColumnVector(m).divi(upsampled.size(1));
      INDArray dA =
          up.adjoint(dUp.reshape('c', new long[] {n, up.outHeight(), up.outWidth()}))
              .reshape('c', new long[] {n, z.size(1)});
      return FcddLossOps.backprop(
          dA.muli(FcddLossOps.pseudoHuberDerivative(z)), preOutput, activationFn);
    }
  }

  private Terms terms(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    GaussianUpsampler up = upsampler();
    INDArray z = FcddLossOps.activated(name(), preOutput, activationFn);
    if (z.size(1) != (long) heatmapHeight * heatmapWidth) {
      throw new IllegalArgumentException(
          String.format(
              "%s expects %dx%d heatmaps (%d values), got %d",
              name(), heatmapHeight, heatmapWidth, heatmapHeight * heatmapWidth, z.size(1)));
    }
    long n = z.size(0);
    long pixels = (long) outHeight * outWidth;
    INDArray y = FcddLossOps.binaryLabels(name(), labels, n, pixels);
    INDArray upsampled =
        up.upsample(
                FcddLossOps.pseudoHuber(z)
                    .reshape('c', new long[] {n, heatmapHeight, heatmapWidth}))
            .reshape('c', new long[] {n, pixels});
    // (1/m) Σ Y_p A'_p per sample, and 1 where its mask has an anomalous pixel, else 0: [N, 1].
    return new Terms(
        up,
        z,
        y,
        FcddLossOps.maskColumn(mask, n),
        upsampled,
        upsampled.mul(y).mean(true, 1),
        y.max(true, 1));
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
