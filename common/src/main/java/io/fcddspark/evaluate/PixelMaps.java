package io.fcddspark.evaluate;

import io.fcddspark.geometry.ReceptiveField;
import io.fcddspark.heatmap.GaussianUpsampler;
import io.fcddspark.heatmap.HeatmapResize;
import io.fcddspark.ingest.PngCodec;
import io.fcddspark.preprocess.InputGeometry;
import io.fcddspark.preprocess.TrainTransform;
import java.io.Serial;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * A test image's full-resolution heatmap, ground-truth mask and input picture, as the reference
 * evaluates MVTec-AD. For figures all three are at the net input's size: the u&times;v heatmap A is
 * Gaussian-upsampled (paper Alg. 1) to the input size; the stored mask is moved as the image was
 * ({@link InputGeometry}: resized and centre-cropped, or resized, nearest pixel). For pixel metrics
 * ({@link #forMetrics}) the reference counts the stored mask's pixels: the input-size heatmap is
 * resized to the stored size by torch's nearest; where the test input is a centre crop, the crop's
 * pixels are counted instead. A mask pixel is anomalous at 128 and above (MVTec-AD masks are 0 or
 * 255).
 */
public final class PixelMaps implements Serializable {
  @Serial private static final long serialVersionUID = 2L;

  private final ReceptiveField field;
  private final InputGeometry geometry;
  private final double sigma;
  private transient Map<Integer, GaussianUpsampler> upsamplers;

  public PixelMaps(ReceptiveField field, TrainTransform transform, double sigma) {
    this.field = field;
    this.geometry = transform.geometry();
    this.sigma = sigma;
  }

  /** The height of the maps of a stored image {@code h} high: the net input's. */
  public int height(int h) {
    return geometry.outputSide(h);
  }

  /** The width of the maps of a stored image {@code w} wide: the net input's. */
  public int width(int w) {
    return geometry.outputSide(w);
  }

  /**
   * Image {@code id}'s heatmap {@code a} (the net's u&times;v output) at {@link #height} &times;
   * {@link #width} of its stored size h&times;w.
   */
  public float[] heatmap(String id, float[] a, int h, int w) {
    int side = height(h);
    if (upsamplers == null) {
      upsamplers = new HashMap<>();
    }
    GaussianUpsampler up =
        upsamplers.computeIfAbsent(side, s -> GaussianUpsampler.forField(field, s, sigma));
    if (a.length != up.heatmapHeight() * up.heatmapWidth()) {
      throw new IllegalArgumentException(
          String.format(
              "Test image %s: its heatmap has %d values, the network's is %d×%d",
              id, a.length, up.heatmapHeight(), up.heatmapWidth()));
    }
    double[] in = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      in[i] = a[i];
    }
    // A non-square input without crop or resize: the upsampled square spread over it.
    return HeatmapResize.bilinear(
        up.upsample(in), up.outHeight(), up.outWidth(), height(h), width(w));
  }

  /** A test image's heatmap and mask (null where it has none) as pixel metrics count them. */
  public record Counted(float[] heatmap, boolean[] mask, int height, int width) {}

  /**
   * Image {@code id}'s heatmap {@code a} and mask (a PNG or null) where pixel metrics count them:
   * at the stored h&times;w where the test input is the whole image (the reference's {@code
   * F.interpolate(heatmap, mask size)} against the unmoved mask), else at the crop.
   */
  public Counted forMetrics(String id, float[] a, byte[] maskPng, int h, int w) {
    return counted(id, heatmap(id, a, h, w), maskPng, h, w);
  }

  /**
   * As {@link #forMetrics}, from image {@code id}'s full-resolution heatmap (at {@link #height}
   * &times; {@link #width}).
   */
  public Counted counted(String id, float[] atInput, byte[] maskPng, int h, int w) {
    if (!geometry.testKeepsWholeImage()) {
      boolean[] mask = maskPng == null ? null : mask(id, maskPng, h, w);
      return new Counted(atInput, mask, height(h), width(w));
    }
    float[] atStored = HeatmapResize.nearest(atInput, height(h), width(w), h, w);
    boolean[] mask =
        maskPng == null ? null : InputGeometry.anomalous(storedMask(id, maskPng, h, w));
    return new Counted(atStored, mask, h, w);
  }

  /** Image {@code id}'s mask (a PNG, h&times;w as its image), at the maps' size. */
  public boolean[] mask(String id, byte[] maskPng, int h, int w) {
    return geometry.testMask(storedMask(id, maskPng, h, w), h, w);
  }

  private static byte[] storedMask(String id, byte[] maskPng, int h, int w) {
    byte[] px = PngCodec.decode(maskPng, 1);
    if (px.length != h * w) {
      throw new IllegalArgumentException(
          String.format(
              "Test image %s: its mask has %d pixels, the image %d", id, px.length, h * w));
    }
    return px;
  }

  /** The picture the net saw of a stored image (8-bit, channel-interleaved), at the maps' size. */
  public byte[] input(byte[] png, int c, int h, int w) {
    return geometry.testImage(PngCodec.decode(png, c), c, h, w).pixels();
  }
}
