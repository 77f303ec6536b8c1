package io.fcddspark.nets;

/**
 * Shape of one input image, channels first.
 *
 * @param channels 1 (grey) or 3 (RGB)
 * @param height pixels
 * @param width pixels
 */
public record ImageShape(int channels, int height, int width) implements java.io.Serializable {
  public ImageShape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          String.format("Image shape must be positive, got %dx%dx%d", channels, height, width));
    }
  }

  /** Number of values per image. */
  public int length() {
    return channels * height * width;
  }

  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}
