package io.fcddspark.dl4j;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * A contiguous NCHW float array seen through its off-heap buffer, without copying, for the fused
 * kernels: element (n, c, p) with p over the H&times;W positions is at {@code (n C + c) HW + p}.
 *
 * @param data the array's buffer, positioned nowhere (absolute indexing)
 * @param batch N
 * @param channels C
 * @param spatial H&times;W
 */
record NchwFloats(FloatBuffer data, int batch, int channels, int spatial) {

  /** Wraps {@code a}: FLOAT, rank 4, 'c' order, default strides, not a view. */
  static NchwFloats of(INDArray a) {
    if (a.dataType() != DataType.FLOAT || a.rank() != 4 || needsCopy(a)) {
      throw new IllegalArgumentException(
          String.format(
              "Fused kernels need a contiguous NCHW FLOAT array, got %s %s",
              a.dataType(), Arrays.toString(a.shape())));
    }
    return new NchwFloats(
        a.data().asNioFloat(), (int) a.size(0), (int) a.size(1), (int) (a.size(2) * a.size(3)));
  }

  /** Whether {@code a} has to be duplicated into a contiguous 'c' array first. */
  static boolean needsCopy(INDArray a) {
    return a.ordering() != 'c' || !Shape.hasDefaultStridesForShape(a) || a.isView();
  }

  /** Index of the first position of image n, channel c. */
  int index(int n, int c) {
    return (n * channels + c) * spatial;
  }

  /** Values per channel: N&times;H&times;W. */
  double perChannel() {
    return (double) batch * spatial;
  }
}
