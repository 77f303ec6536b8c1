package io.fcddspark.preprocess;

import io.fcddspark.ingest.ImageResize;
import java.io.Serializable;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Where a stored image's pixels land in the net's input, in training and at test, for the image and
 * its ground-truth mask alike: the one place that knows the reference's geometry per dataset
 * (resize first; then a centre crop, or for MVTec-AD a resize, to the crop side at test; a random
 * crop, or for MVTec-AD a crop or a resize drawn 50/50, in training). Masks always take the nearest
 * pixel, so they stay binary.
 */
public final class InputGeometry implements Serializable {
  private static final long serialVersionUID = 1L;

  /** An 8-bit image (channel-interleaved) with its size. */
  public record Sized(byte[] pixels, int height, int width) {}

  private final PreprocessConfig preprocess;

  public InputGeometry(PreprocessConfig preprocess) {
    this.preprocess = Objects.requireNonNull(preprocess, "preprocess");
  }

  /** The net input's height for a stored height {@code h}: the crop, else the resize, else h. */
  public int outputSide(int h) {
    if (preprocess.crop() > 0) {
      return preprocess.crop();
    }
    return preprocess.resize() > 0 ? preprocess.resize() : h;
  }

  /**
   * Whether the test input is the whole stored image, resized (or as stored), not a crop of it:
   * then every stored pixel has a score and the reference counts pixel metrics at the stored mask's
   * size.
   */
  public boolean testKeepsWholeImage() {
    return preprocess.crop() <= 0
        || preprocess.geometry() == PreprocessConfig.Geometry.CROP_OR_RESIZE;
  }

  /** The test input of a stored image, before any normalisation. */
  public Sized testImage(byte[] pixels, int c, int h, int w) {
    return toCropSide(resized(pixels, c, h, w, preprocess.interpolation()), c, false);
  }

  /**
   * The test mask of a stored mask (h&times;w, anomalous at 128 and above) at the net input's size,
   * moved as {@link #testImage} moves its image.
   */
  public boolean[] testMask(byte[] mask, int h, int w) {
    Sized m = toCropSide(resized(mask, 1, h, w, PreprocessConfig.Interpolation.NEAREST), 1, true);
    return anomalous(m.pixels());
  }

  /** Which pixels of an 8-bit mask are anomalous: 128 and above (MVTec-AD masks are 0 or 255). */
  public static boolean[] anomalous(byte[] mask) {
    boolean[] out = new boolean[mask.length];
    for (int p = 0; p < out.length; p++) {
      out[p] = Byte.toUnsignedInt(mask[p]) >= 128;
    }
    return out;
  }

  /**
   * Whether a training sample is resized to the crop side instead of cropped: drawn from {@code
   * random} under crop-or-resize only (so the other geometries' draws are unchanged).
   */
  boolean trainResizes(SplittableRandom random) {
    return preprocess.geometry() == PreprocessConfig.Geometry.CROP_OR_RESIZE
        && random.nextBoolean();
  }

  /** The first step of every path: the square resize, where one is configured. */
  Sized resized(byte[] pixels, int c, int h, int w, PreprocessConfig.Interpolation how) {
    return resize(pixels, c, h, w, preprocess.resize(), how);
  }

  /** The training image or mask resized (not cropped) to the crop side. */
  Sized resizedToCrop(Sized image, int c, PreprocessConfig.Interpolation how) {
    return resize(image.pixels(), c, image.height(), image.width(), preprocess.crop(), how);
  }

  private Sized toCropSide(Sized image, int c, boolean mask) {
    int crop = preprocess.crop();
    if (crop <= 0 || (crop == image.height() && crop == image.width())) {
      return image;
    }
    if (preprocess.geometry() == PreprocessConfig.Geometry.CROP_OR_RESIZE) {
      return resizedToCrop(
          image, c, mask ? PreprocessConfig.Interpolation.NEAREST : preprocess.interpolation());
    }
    if (crop > image.height() || crop > image.width()) {
      return image;
    }
    return centreCrop(image, c, crop);
  }

  private static Sized resize(
      byte[] pixels, int c, int h, int w, int side, PreprocessConfig.Interpolation how) {
    if (side <= 0 || (h == side && w == side)) {
      return new Sized(pixels, h, w);
    }
    byte[] out =
        how == PreprocessConfig.Interpolation.NEAREST
            ? ImageResize.nearest(pixels, c, h, w, side, side)
            : ImageResize.bilinear(pixels, c, h, w, side, side);
    return new Sized(out, side, side);
  }

  /** torchvision's CenterCrop: top = round((h − size) / 2), half to even as Python's round. */
  private static Sized centreCrop(Sized image, int c, int size) {
    int h = image.height();
    int w = image.width();
    int top = (int) Math.rint((h - size) / 2.0);
    int left = (int) Math.rint((w - size) / 2.0);
    byte[] out = new byte[c * size * size];
    for (int y = 0; y < size; y++) {
      System.arraycopy(image.pixels(), ((top + y) * w + left) * c, out, y * size * c, size * c);
    }
    return new Sized(out, size, size);
  }
}
