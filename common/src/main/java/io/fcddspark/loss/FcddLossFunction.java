package io.fcddspark.loss;

import io.fcddspark.dl4j.HostKernels;
import io.fcddspark.loss.FcddObjective.Reduction;
import java.util.Objects;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The sample-level FCDD (or HSC) loss as a DL4J {@link ILossFunction}, for a {@code LossLayer}
 * behind a {@code CnnToFeedForwardPreProcessor}.
 *
 * <p>Output: [N, D], the flattened u&times;v heatmap (FCDD) or the feature vector (HSC). Labels:
 * [N, 1], 0 = nominal, 1 = anomalous. Scores follow DL4J's convention: {@code computeScore(...,
 * false)} is the sum over the batch (the layer divides by N) and {@code computeGradient} is per
 * sample, not divided by N. Formulas in {@link FcddObjective}: where host kernels run ({@link
 * HostKernels}, the CPU) in loops over host arrays, elsewhere as ND4J operations ({@link
 * FcddLossOps}) where the arrays live; the two agree to rounding ({@code Nd4jLossEquivalenceTest}).
 */
public final class FcddLossFunction implements ILossFunction {
  private static final long serialVersionUID = 1L;

  private Reduction reduction;

  /** FCDD's heatmap loss. */
  public FcddLossFunction() {
    this(Reduction.HEATMAP_MEAN);
  }

  /** The loss with the given score reduction (HSC: {@link Reduction#VECTOR_NORM}). */
  public FcddLossFunction(Reduction reduction) {
    this.reduction = Objects.requireNonNull(reduction, "reduction");
  }

  public Reduction reduction() {
    return reduction;
  }

  @Override
  public INDArray computeScoreArray(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    if (HostKernels.enabled()) {
      return Dl4jLossArrays.column(
          hostLosses(labels, preOutput, activationFn, mask), preOutput.dataType());
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
      double[] l = hostLosses(labels, preOutput, activationFn, mask);
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
      return hostGradient(labels, preOutput, activationFn, mask);
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
    return new Pair<>(
        computeScore(labels, preOutput, activationFn, mask, average),
        computeGradient(labels, preOutput, activationFn, mask));
  }

  /** Per-sample losses, in loops over host arrays. */
  private double[] hostLosses(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    double[][] z = Dl4jLossArrays.activatedRows(name(), preOutput, activationFn);
    double[][] y = Dl4jLossArrays.binaryLabels(name(), labels, z.length, 1);
    double[] out = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      out[i] =
          FcddObjective.sampleLoss(reduction.score(z[i]), y[i][0] == 1.0)
              * Dl4jLossArrays.maskAt(mask, i);
    }
    return out;
  }

  /** dL/dpreOutput per sample, in loops over host arrays. */
  private INDArray hostGradient(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    double[][] z = Dl4jLossArrays.activatedRows(name(), preOutput, activationFn);
    double[][] y = Dl4jLossArrays.binaryLabels(name(), labels, z.length, 1);
    double[][] grad = new double[z.length][];
    for (int i = 0; i < z.length; i++) {
      grad[i] = new double[z[i].length];
      double score = reduction.score(z[i]);
      double scale =
          FcddObjective.sampleLossDerivative(score, y[i][0] == 1.0)
              * Dl4jLossArrays.maskAt(mask, i);
      reduction.addScoreGradient(z[i], scale, grad[i]);
    }
    return Dl4jLossArrays.backprop(grad, preOutput, activationFn);
  }

  /** A batch's activated output z [N, D], labels y and mask m [N, 1], and scores [N, 1]. */
  private record Terms(Reduction reduction, INDArray z, INDArray y, INDArray m, INDArray scores) {
    /** Per-sample losses [N, 1], masked. */
    INDArray losses() {
      return FcddLossOps.sampleLoss(scores, y).muli(m);
    }

    /** dL/dpreOutput, per sample (not divided by N). */
    INDArray gradient(INDArray preOutput, IActivation activationFn) {
      INDArray scale = FcddLossOps.sampleLossDerivative(scores, y).muli(m);
      INDArray dz;
      if (reduction == Reduction.HEATMAP_MEAN) {
        dz = FcddLossOps.pseudoHuberDerivative(z).muliColumnVector(scale.divi(z.size(1)));
      } else {
        INDArray norm = Transforms.sqrt(z.mul(z).sum(true, 1).addi(1.0), false);
        dz = z.mulColumnVector(scale.divi(norm));
      }
      return FcddLossOps.backprop(dz, preOutput, activationFn);
    }
  }

  private Terms terms(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    INDArray z = FcddLossOps.activated(name(), preOutput, activationFn);
    long n = z.size(0);
    INDArray y = FcddLossOps.binaryLabels(name(), labels, n, 1);
    INDArray scores;
    if (reduction == Reduction.HEATMAP_MEAN) {
      scores = FcddLossOps.pseudoHuber(z).mean(true, 1);
    } else {
      INDArray sq = z.mul(z).sum(true, 1);
      scores = sq.div(Transforms.sqrt(sq.add(1.0), false).addi(1.0));
    }
    return new Terms(reduction, z, y, FcddLossOps.maskColumn(mask, n), scores);
  }

  @Override
  public String name() {
    return reduction == Reduction.HEATMAP_MEAN ? "FcddLoss" : "HscLoss";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FcddLossFunction f && f.reduction == reduction;
  }

  @Override
  public int hashCode() {
    return reduction.hashCode();
  }

  @Override
  public String toString() {
    return name() + "()";
  }
}
