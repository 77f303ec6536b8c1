package io.fcddspark.dl4j;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * A contiguous NCHW float array seen through its off-heap memory, without copying, for the fused
 * kernels: one NIO buffer per image (an NIO buffer holds at most 2 GiB, a VGG activation of a large
 * batch more), in which element (c, p) with p over the H&times;W positions is at {@code c HW + p}.
 *
 * @param images image n's buffer, positioned nowhere (absolute indexing)
 * @param batch N
 * @param channels C
 * @param spatial H&times;W
 */
record NchwFloats(FloatBuffer[] images, int batch, int channels, int spatial) {

  /** Wraps {@code a}: FLOAT, rank 4, 'c' order, default strides, not a view. */
  static NchwFloats of(INDArray a) {
    if (a.dataType() != DataType.FLOAT || a.rank() != 4 || needsCopy(a)) {
      throw new IllegalArgumentException(
          String.format(
              "Fused kernels need a contiguous NCHW FLOAT array, got %s %s",
              a.dataType(), Arrays.toString(a.shape())));
    }
    int batch = (int) a.size(0);
    int channels = (int) a.size(1);
    int spatial = (int) (a.size(2) * a.size(3));
    long perImage = (long) channels * spatial;
    if (perImage * Float.BYTES > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "Fused kernels take at most 2 GiB per image, got " + Arrays.toString(a.shape()));
    }
    FloatPointer all = new FloatPointer(a.data().addressPointer());
    FloatBuffer[] images = new FloatBuffer[batch];
    for (int n = 0; n < batch; n++) {
      // A pointer at the image's first element: no offset beyond 2 GiB reaches JavaCPP's
      // int-sized buffer arithmetic.
      images[n] = all.getPointer(n * perImage).limit(perImage).capacity(perImage).asBuffer();
    }
    return new NchwFloats(images, batch, channels, spatial);
  }

  /** Image n's buffer. */
  FloatBuffer data(int n) {
    return images[n];
  }

  /** Whether {@code a} has to be duplicated into a contiguous 'c' array first. */
  static boolean needsCopy(INDArray a) {
    return a.ordering() != 'c' || !Shape.hasDefaultStridesForShape(a) || a.isView();
  }

  /** Index of channel c's first position in its image's buffer. */
  int index(int c) {
    return c * spatial;
  }

  /** Values per channel: N&times;H&times;W. */
  double perChannel() {
    return (double) batch * spatial;
  }
}
