package io.fcddspark.loss;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link FcddObjective}'s formulas as ND4J operations on whole arrays, so that the loss runs where
 * the network's arrays live (host memory on the CPU backend, the device on CUDA) without copying
 * them out element by element. Same formulas, in double precision; reductions may add in another
 * order than the plain loops, so results agree to rounding, not to the bit.
 */
final class FcddLossOps {
  private FcddLossOps() {}

  /** {@code z^2 / (sqrt(z^2 + 1) + 1)}, elementwise: pseudo-Huber without cancellation. */
  static INDArray pseudoHuber(INDArray z) {
    INDArray z2 = z.mul(z);
    return z2.div(Transforms.sqrt(z2.add(1.0), false).addi(1.0));
  }

  /** {@code z / sqrt(z^2 + 1)}, elementwise. */
  static INDArray pseudoHuberDerivative(INDArray z) {
    return z.div(Transforms.sqrt(z.mul(z).addi(1.0), false));
  }

  /**
   * The per-sample (or per-pixel) loss of {@code score} with 0/1 labels {@code anomalous} of the
   * same shape: the score where 0, {@code -log(1 - exp(-score) + 1e-31)} where 1.
   */
  static INDArray sampleLoss(INDArray score, INDArray anomalous) {
    INDArray anomalousTerm =
        Transforms.log(Transforms.expm1(score.neg(), false).negi().addi(FcddObjective.LOG_EPSILON))
            .negi();
    return select(anomalous, anomalousTerm, score);
  }

  /** d(sampleLoss)/d(score), elementwise. */
  static INDArray sampleLossDerivative(INDArray score, INDArray anomalous) {
    INDArray anomalousTerm =
        Transforms.exp(score.neg(), false)
            .negi()
            .divi(Transforms.expm1(score.neg(), false).negi().addi(FcddObjective.LOG_EPSILON));
    INDArray one = score.ulike().assign(1.0);
    return select(anomalous, anomalousTerm, one);
  }

  /**
   * {@code where1} where {@code labels} is 1, {@code where0} where it is 0: {@code y * a + (1 - y)
   * * b}, exact for 0/1 labels as both terms are finite.
   */
  private static INDArray select(INDArray labels, INDArray where1, INDArray where0) {
    return where1.mul(labels).addi(where0.mul(labels.rsub(1.0)));
  }

  /**
   * {@code labels} as a DOUBLE array of shape [batch, width], checked to hold only 0 and 1.
   *
   * @throws IllegalArgumentException naming the loss, the expected shape or the first bad label
   */
  static INDArray binaryLabels(String loss, INDArray labels, long batch, long width) {
    Dl4jLossArrays.requireLabelShape(loss, labels, batch, width);
    INDArray y = labels.castTo(DataType.DOUBLE);
    // y (y - 1) is 0 exactly where y is 0 or 1 (NaN or non-zero elsewhere).
    if (!(y.mul(y.sub(1.0)).amaxNumber().doubleValue() == 0.0)) {
      // The error path: the host check names the first bad label.
      Dl4jLossArrays.binaryLabels(loss, labels, batch, width);
      throw new IllegalStateException(loss + ": a label is neither 0 nor 1");
    }
    return y;
  }

  /** The per-example mask as a DOUBLE [N, 1] column (all ones without a mask). */
  static INDArray maskColumn(INDArray mask, long batch) {
    if (mask == null) {
      return org.nd4j.linalg.factory.Nd4j.ones(DataType.DOUBLE, batch, 1);
    }
    return mask.castTo(DataType.DOUBLE).reshape(batch, 1);
  }

  /** The activated output in DOUBLE; {@code preOutput} must be [N, D]. */
  static INDArray activated(
      String loss, INDArray preOutput, org.nd4j.linalg.activations.IActivation activation) {
    return Dl4jLossArrays.activated(loss, preOutput, activation).castTo(DataType.DOUBLE);
  }

  /** dL/dpreOutput from dL/dactivation ({@code dOut} DOUBLE, cast to the output's type). */
  static INDArray backprop(
      INDArray dOut, INDArray preOutput, org.nd4j.linalg.activations.IActivation activation) {
    return activation.backprop(preOutput.dup(), dOut.castTo(preOutput.dataType())).getFirst();
  }
}
