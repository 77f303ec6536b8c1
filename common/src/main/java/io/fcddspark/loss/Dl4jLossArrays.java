package io.fcddspark.loss;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between DL4J's loss-function arrays and the plain rows of {@link FcddObjective}. */
final class Dl4jLossArrays {
  private Dl4jLossArrays() {}

  /** The activated output as double rows; {@code preOutput} must be [N, D]. */
  static double[][] activatedRows(String loss, INDArray preOutput, IActivation activation) {
    if (preOutput.rank() != 2) {
      throw new IllegalArgumentException(
          String.format(
              "%s expects a [batch, features] output, got shape %s (put a CnnToFeedForward"
                  + " preprocessor before the loss layer)",
              loss, java.util.Arrays.toString(preOutput.shape())));
    }
    return activation.getActivation(preOutput.dup(), true).toDoubleMatrix();
  }

  /** Labels as 0/1 rows of {@code width} columns, checked against the batch size. */
  static double[][] binaryLabels(String loss, INDArray labels, long batch, long width) {
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
    double[][] rows = labels.toDoubleMatrix();
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < rows[i].length; j++) {
        double v = rows[i][j];
        if (v != 0.0 && v != 1.0) {
          throw new IllegalArgumentException(
              String.format(
                  "%s: label [%d, %d] is %s, labels must be 0 (nominal) or 1 (anomalous)",
                  loss, i, j, v));
        }
      }
    }
    return rows;
  }

  /** Per-example mask factor (1 when there is no mask). */
  static double maskAt(INDArray mask, int row) {
    return mask == null ? 1.0 : mask.getDouble(row, 0);
  }

  /** A [N, 1] column of per-sample values in {@code type}. */
  static INDArray column(double[] values, DataType type) {
    return Nd4j.create(values, new long[] {values.length, 1}, DataType.DOUBLE).castTo(type);
  }

  /** dL/dpreOutput from dL/dactivation. */
  static INDArray backprop(double[][] dOut, INDArray preOutput, IActivation activation) {
    INDArray eps = Nd4j.create(dOut).castTo(preOutput.dataType());
    return activation.backprop(preOutput.dup(), eps).getFirst();
  }

  static double sum(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s;
  }
}
