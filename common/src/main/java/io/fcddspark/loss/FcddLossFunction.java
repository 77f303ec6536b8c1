package io.fcddspark.loss;

import io.fcddspark.loss.FcddObjective.Reduction;
import java.util.Objects;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The sample-level FCDD (or HSC) loss as a DL4J {@link ILossFunction}, for a {@code LossLayer}
 * behind a {@code CnnToFeedForwardPreProcessor}.
 *
 * <p>Output: [N, D], the flattened u&times;v heatmap (FCDD) or the feature vector (HSC). Labels:
 * [N, 1], 0 = nominal, 1 = anomalous. Scores follow DL4J's convention: {@code computeScore(...,
 * false)} is the sum over the batch (the layer divides by N) and {@code computeGradient} is per
 * sample, not divided by N. Formulas in {@link FcddObjective}.
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
    return Dl4jLossArrays.column(
        losses(labels, preOutput, activationFn, mask), preOutput.dataType());
  }

  @Override
  public double computeScore(
      INDArray labels,
      INDArray preOutput,
      IActivation activationFn,
      INDArray mask,
      boolean average) {
    double[] l = losses(labels, preOutput, activationFn, mask);
    double s = Dl4jLossArrays.sum(l);
    return average ? s / l.length : s;
  }

  @Override
  public INDArray computeGradient(
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

  private double[] losses(
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
