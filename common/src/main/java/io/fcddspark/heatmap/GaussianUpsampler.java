package io.fcddspark.heatmap;

import io.fcddspark.geometry.ReceptiveField;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gaussian receptive-field upsampling (FCDD paper, Algorithm 1) exactly as the reference computes
 * it: a transposed convolution of the u&times;v heatmap with the unnormalised {@link
 * GaussianKernel} of size r (the receptive field), stride j (the cumulative stride), cropped to the
 * input size so that each heatmap pixel's Gaussian sits at the centre of its receptive field.
 *
 * <p>With {@code off = (r - 1) / 2 - floor(start)} (integer division, as the reference's crop
 * {@code [pad - s : -pad - s]}), output pixel (y, x) is {@code sum_{i,k} A[i][k] K[y + off - i j][x
 * + off - k j]}, taps outside the kernel being zero. The kernel is separable, so this runs as two
 * 1-D passes. {@link #adjoint} is the transpose, used to back-propagate the per-pixel loss.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class GaussianUpsampler {
  private final int heatmapHeight;
  private final int heatmapWidth;
  private final int outHeight;
  private final int outWidth;
  private final int jump;
  private final int offset;
  private final int kernelSize;
  private final double[] kernel;
  private volatile INDArray rowMatrix;
  private volatile INDArray columnMatrix;

  /**
   * @param heatmapHeight u
   * @param heatmapWidth v
   * @param outHeight h, the input image height
   * @param outWidth w, the input image width
   * @param fieldSize r, the receptive field (kernel size)
   * @param jump j, the cumulative stride
   * @param start centre of the first receptive field in input pixels (floored, as the reference)
   * @param sigma standard deviation of the Gaussian
   */
  public GaussianUpsampler(
      int heatmapHeight,
      int heatmapWidth,
      int outHeight,
      int outWidth,
      int fieldSize,
      int jump,
      double start,
      double sigma) {
    if (heatmapHeight < 1 || heatmapWidth < 1 || outHeight < 1 || outWidth < 1) {
      throw new IllegalArgumentException(
          String.format(
              "Upsampling needs positive sizes, got heatmap %dx%d to %dx%d",
              heatmapHeight, heatmapWidth, outHeight, outWidth));
    }
    if (jump < 1 || start < 0 || Double.isNaN(start)) {
      throw new IllegalArgumentException(
          String.format("Upsampling needs stride >= 1 and start >= 0, got %d and %s", jump, start));
    }
    this.heatmapHeight = heatmapHeight;
    this.heatmapWidth = heatmapWidth;
    this.outHeight = outHeight;
    this.outWidth = outWidth;
    this.jump = jump;
    this.kernelSize = fieldSize;
    this.kernel = GaussianKernel.oneDimensional(fieldSize, sigma);
    this.offset = (fieldSize - 1) / 2 - (int) Math.floor(start);
  }

  /**
   * An upsampler for a network with receptive field {@code rf} on square inputs of {@code side}.
   */
  public static GaussianUpsampler forField(ReceptiveField rf, int side, double sigma) {
    return new GaussianUpsampler(
        rf.size(), rf.size(), side, side, rf.fieldSize(), rf.jump(), rf.start(), sigma);
  }

  public int heatmapHeight() {
    return heatmapHeight;
  }

  public int heatmapWidth() {
    return heatmapWidth;
  }

  public int outHeight() {
    return outHeight;
  }

  public int outWidth() {
    return outWidth;
  }

  /** Upsamples one row-major u&times;v heatmap to a row-major h&times;w map. */
  public double[] upsample(double[] heatmap) {
    checkLength("heatmap", heatmap.length, heatmapHeight * heatmapWidth);
    double[] rows = new double[heatmapHeight * outWidth];
    for (int i = 0; i < heatmapHeight; i++) {
      spread(heatmap, i * heatmapWidth, heatmapWidth, rows, i * outWidth, 1, outWidth, 1);
    }
    double[] out = new double[outHeight * outWidth];
    for (int x = 0; x < outWidth; x++) {
      spread(rows, x, heatmapHeight, out, x, outWidth, outHeight, outWidth);
    }
    return out;
  }

  /**
   * The transpose of {@link #upsample}: maps a row-major h&times;w gradient to the u&times;v
   * heatmap gradient, so that {@code <upsample(a), g> == <a, adjoint(g)>}.
   */
  public double[] adjoint(double[] gradient) {
    checkLength("gradient", gradient.length, outHeight * outWidth);
    double[] cols = new double[outHeight * heatmapWidth];
    for (int y = 0; y < outHeight; y++) {
      gather(gradient, y * outWidth, 1, outWidth, cols, y * heatmapWidth, 1, heatmapWidth);
    }
    double[] out = new double[heatmapHeight * heatmapWidth];
    for (int k = 0; k < heatmapWidth; k++) {
      gather(cols, k, heatmapWidth, outHeight, out, k, heatmapWidth, heatmapHeight);
    }
    return out;
  }

  /**
   * Upsamples a batch of heatmaps [N, u, v] to [N, h, w] (DOUBLE) as two matrix products with the
   * banded Gaussian matrices, so that it runs where the arrays live (host or device). Equal to
   * {@link #upsample(double[])} per heatmap up to rounding (the products add in another order).
   */
  public INDArray upsample(INDArray heatmaps) {
    long n = batchOf(heatmaps, heatmapHeight, heatmapWidth, "heatmap batch");
    INDArray rows = rowMatrix(); // [h, u]
    INDArray cols = columnMatrix(); // [w, v]
    // Along the width: [N*u, v] x [v, w]; then along the height: [h, u] x [u, N*w].
    INDArray alongWidth =
        heatmaps
            .castTo(DataType.DOUBLE)
            .dup('c')
            .reshape('c', new long[] {n * heatmapHeight, heatmapWidth})
            .mmul(cols.transpose());
    INDArray byRow =
        alongWidth
            .reshape('c', new long[] {n, heatmapHeight, outWidth})
            .permute(1, 0, 2)
            .dup('c')
            .reshape('c', new long[] {heatmapHeight, n * outWidth});
    return rows.mmul(byRow)
        .reshape('c', new long[] {outHeight, n, outWidth})
        .permute(1, 0, 2)
        .dup('c');
  }

  /** The transpose of {@link #upsample(INDArray)}: [N, h, w] gradients to [N, u, v] (DOUBLE). */
  public INDArray adjoint(INDArray gradients) {
    long n = batchOf(gradients, outHeight, outWidth, "gradient batch");
    INDArray rows = rowMatrix();
    INDArray cols = columnMatrix();
    INDArray alongWidth =
        gradients
            .castTo(DataType.DOUBLE)
            .dup('c')
            .reshape('c', new long[] {n * outHeight, outWidth})
            .mmul(cols);
    INDArray byRow =
        alongWidth
            .reshape('c', new long[] {n, outHeight, heatmapWidth})
            .permute(1, 0, 2)
            .dup('c')
            .reshape('c', new long[] {outHeight, n * heatmapWidth});
    return rows.transpose()
        .mmul(byRow)
        .reshape('c', new long[] {heatmapHeight, n, heatmapWidth})
        .permute(1, 0, 2)
        .dup('c');
  }

  private static long batchOf(INDArray a, int height, int width, String what) {
    if (a.rank() != 3 || a.size(1) != height || a.size(2) != width) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot upsample: %s has shape %s, expected [N, %d, %d]",
              what, java.util.Arrays.toString(a.shape()), height, width));
    }
    return a.size(0);
  }

  /** [h, u]: entry (y, i) = K[y + offset - i j] (zero outside the kernel). */
  private INDArray rowMatrix() {
    if (rowMatrix == null) {
      rowMatrix = bandMatrix(outHeight, heatmapHeight);
    }
    return rowMatrix;
  }

  /** [w, v]: entry (x, k) = K[x + offset - k j]. */
  private INDArray columnMatrix() {
    if (columnMatrix == null) {
      columnMatrix = bandMatrix(outWidth, heatmapWidth);
    }
    return columnMatrix;
  }

  private INDArray bandMatrix(int out, int in) {
    double[] m = new double[out * in];
    for (int s = 0; s < in; s++) {
      int t0 = Math.max(0, s * jump - offset);
      int t1 = Math.min(out, s * jump - offset + kernelSize);
      for (int t = t0; t < t1; t++) {
        m[t * in + s] = kernel[t + offset - s * jump];
      }
    }
    // Cached across calls, so outside any workspace a network's training may have open.
    MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
    try {
      return Nd4j.create(m, new long[] {out, in}, DataType.DOUBLE);
    } finally {
      outside.close();
    }
  }

  /** Upsamples {@code n} heatmaps stored back to back (n&times;u&times;v) to n&times;h&times;w. */
  public float[] upsampleBatch(float[] heatmaps, int n) {
    int in = heatmapHeight * heatmapWidth;
    int outLen = outHeight * outWidth;
    checkLength("heatmap batch", heatmaps.length, n * in);
    float[] out = new float[n * outLen];
    double[] one = new double[in];
    for (int b = 0; b < n; b++) {
      for (int p = 0; p < in; p++) {
        one[p] = heatmaps[b * in + p];
      }
      double[] up = upsample(one);
      for (int p = 0; p < outLen; p++) {
        out[b * outLen + p] = (float) up[p];
      }
    }
    return out;
  }

  // dst[dstStart + t*dstStride] += src[srcStart + s*srcStride] K[t + offset - s*jump], all s, t
  private void spread(
      double[] src,
      int srcStart,
      int srcLen,
      double[] dst,
      int dstStart,
      int dstStride,
      int dstLen,
      int srcStride) {
    for (int s = 0; s < srcLen; s++) {
      double v = src[srcStart + s * srcStride];
      if (v == 0) {
        continue;
      }
      int t0 = Math.max(0, s * jump - offset);
      int t1 = Math.min(dstLen, s * jump - offset + kernelSize);
      for (int t = t0; t < t1; t++) {
        dst[dstStart + t * dstStride] += v * kernel[t + offset - s * jump];
      }
    }
  }

  // dst[dstStart + s*dstStride] = sum_t src[srcStart + t*srcStride] K[t + offset - s*jump]
  private void gather(
      double[] src,
      int srcStart,
      int srcStride,
      int srcLen,
      double[] dst,
      int dstStart,
      int dstStride,
      int dstLen) {
    for (int s = 0; s < dstLen; s++) {
      int t0 = Math.max(0, s * jump - offset);
      int t1 = Math.min(srcLen, s * jump - offset + kernelSize);
      double acc = 0;
      for (int t = t0; t < t1; t++) {
        acc += src[srcStart + t * srcStride] * kernel[t + offset - s * jump];
      }
      dst[dstStart + s * dstStride] = acc;
    }
  }

  private static void checkLength(String what, int actual, int expected) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          String.format("Cannot upsample: %s has %d values, expected %d", what, actual, expected));
    }
  }
}
