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
    return rows(activated(loss, preOutput, activation));
  }

  /** The activated output (a copy); fails, naming the loss, unless it is [N, D]. */
  static INDArray activated(String loss, INDArray preOutput, IActivation activation) {
    if (preOutput.rank() != 2) {
      throw new IllegalArgumentException(
          String.format(
              "%s expects a [batch, features] output, got shape %s (put a CnnToFeedForward"
                  + " preprocessor before the loss layer)",
              loss, java.util.Arrays.toString(preOutput.shape())));
    }
    return activation.getActivation(preOutput.dup(), true);
  }

  /** A [N, D] array as N double rows, through one bulk copy of its buffer. */
  static double[][] rows(INDArray a) {
    int n = (int) a.size(0);
    int d = (int) a.size(1);
    double[] flat = a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[][] out = new double[n][];
    for (int i = 0; i < n; i++) {
      out[i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
    }
    return out;
  }

  /** Fails, naming the loss, unless {@code labels} is [batch, width]. */
  static void requireLabelShape(String loss, INDArray labels, long batch, long width) {
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
  }

  /** Labels as 0/1 rows of {@code width} columns, checked against the batch size. */
  static double[][] binaryLabels(String loss, INDArray labels, long batch, long width) {
    requireLabelShape(loss, labels, batch, width);
    double[][] rows = rows(labels);
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
    int d = dOut.length == 0 ? 0 : dOut[0].length;
    double[] flat = new double[dOut.length * d];
    for (int i = 0; i < dOut.length; i++) {
      System.arraycopy(dOut[i], 0, flat, i * d, d);
    }
    INDArray eps =
        Nd4j.create(flat, new long[] {dOut.length, d}, DataType.DOUBLE)
            .castTo(preOutput.dataType());
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
