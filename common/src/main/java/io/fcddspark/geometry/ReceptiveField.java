package io.fcddspark.geometry;

/**
 * Receptive-field arithmetic of a stack of convolutions and poolings, along one spatial axis.
 *
 * <p>Follows Dumoulin &amp; Visin / Araujo et al. and the FCDD reference ({@code RecConv2d}): for a
 * layer with kernel k, stride t and padding p, {@code n' = (n + 2p - k) / t + 1}, {@code j' = j t},
 * {@code r' = r + (k - 1) j} and {@code start' = start + ((k - 1) / 2 - p) j}, starting from {@code
 * (n, 1, 1, 0)}. BatchNorm and activations leave it unchanged.
 *
 * @param size number of output features n along the axis (heatmap side)
 * @param jump cumulative stride j between adjacent output features, in input pixels
 * @param fieldSize size r of the receptive field of one output feature, in input pixels
 * @param start input coordinate of the centre of the first output feature's receptive field
 */
public record ReceptiveField(int size, int jump, int fieldSize, double start)
    implements java.io.Serializable {

  /** The field of an input of side {@code inputSide} before any layer: each pixel sees itself. */
  public static ReceptiveField initial(int inputSide) {
    if (inputSide <= 0) {
      throw new IllegalArgumentException("Input side must be positive, got " + inputSide);
    }
    return new ReceptiveField(inputSide, 1, 1, 0.0);
  }

  /**
   * The field after a layer with a square window {@code kernel}, {@code stride} and {@code
   * padding}.
   */
  public ReceptiveField through(int kernel, int stride, int padding) {
    int n = (size + 2 * padding - kernel) / stride + 1;
    if (n <= 0) {
      throw new IllegalArgumentException(
          String.format(
              "A layer with kernel %d, stride %d, padding %d cannot take an input of side %d",
              kernel, stride, padding, size));
    }
    return new ReceptiveField(
        n,
        jump * stride,
        fieldSize + (kernel - 1) * jump,
        start + ((kernel - 1) / 2.0 - padding) * jump);
  }
}
