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
    if (labels == null
        || labels.rank() != 2
        || labels.size(0) != batch
        || labels.size(1) != width) {
      throw new IllegalArgumentException(
          String.format(
              "%s expects labels of shape [%d, %d], got %s",
              loss,
              batch,
              width,
              labels == null ? "none" : java.util.Arrays.toString(labels.shape())));
    }
    INDArray y = labels.castTo(DataType.DOUBLE);
    // y (y - 1) is 0 exactly where y is 0 or 1 (NaN or non-zero elsewhere).
    if (!(y.mul(y.sub(1.0)).amaxNumber().doubleValue() == 0.0)) {
      throw firstBadLabel(loss, y);
    }
    return y;
  }

  /** The error naming the first label that is neither 0 nor 1 (read on the host: error path). */
  private static IllegalArgumentException firstBadLabel(String loss, INDArray y) {
    double[][] rows = y.toDoubleMatrix();
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < rows[i].length; j++) {
        if (rows[i][j] != 0.0 && rows[i][j] != 1.0) {
          return new IllegalArgumentException(
              String.format(
                  "%s: label [%d, %d] is %s, labels must be 0 (nominal) or 1 (anomalous)",
                  loss, i, j, rows[i][j]));
        }
      }
    }
    throw new IllegalStateException("No bad label found in " + loss + "'s labels");
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
    if (preOutput.rank() != 2) {
      throw new IllegalArgumentException(
          String.format(
              "%s expects a [batch, features] output, got shape %s (put a CnnToFeedForward"
                  + " preprocessor before the loss layer)",
              loss, java.util.Arrays.toString(preOutput.shape())));
    }
    return activation.getActivation(preOutput.dup(), true).castTo(DataType.DOUBLE);
  }

  /** dL/dpreOutput from dL/dactivation ({@code dOut} DOUBLE, cast to the output's type). */
  static INDArray backprop(
      INDArray dOut, INDArray preOutput, org.nd4j.linalg.activations.IActivation activation) {
    return activation.backprop(preOutput.dup(), dOut.castTo(preOutput.dataType())).getFirst();
  }
}
