package io.fcddspark.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes an encoded image (JPEG, PNG, GIF, BMP; CMYK JPEG through TwelveMonkeys' ImageIO plugin)
 * into 8-bit grey or RGB pixels at the configured size, or says why it cannot.
 *
 * <p>Checks, each a reject with its reason: an empty file; bytes no decoder recognises; more pixels
 * than {@link Options#maxPixels} (read from the header, <em>before</em> decoding: a decompression
 * bomb never allocates); a decoder error; a decoder warning (a truncated JPEG decodes with a
 * warning and grey fill, which must not pass as an image; warnings about colour profiles alone do
 * not count). Conversions: 16-bit samples keep their high byte; grey stays grey or is replicated to
 * RGB; alpha is dropped; other colour models go through Java2D's sRGB conversion. Resizing (when
 * {@link Options#size} is set) is bilinear with half-pixel centres.
 */
public final class ImageDecoder {
  private ImageDecoder() {}

  /** How a resize interpolates. */
  public enum Resize {
    /** Bilinear with half-pixel centres (align_corners = false), as PIL and torchvision do. */
    @JsonProperty("bilinear")
    BILINEAR,
    /**
     * Nearest neighbour (PIL's NEAREST): MVTec-AD images and masks, as the reference stores them.
     */
    @JsonProperty("nearest")
    NEAREST,
    /**
     * The mean of the covered source area (OpenCV's INTER_AREA): large drawings shrunk to a few
     * dozen pixels, where bilinear would alias.
     */
    @JsonProperty("area")
    AREA
  }

  /**
   * How to decode.
   *
   * @param maxPixels the decompression-bomb guard, width &times; height (e.g. 100 M)
   * @param channels 1 (grey) or 3 (RGB) in the output
   * @param size output side for a square resize, or 0 to keep the native size
   * @param resize how a resize interpolates
   */
  public record Options(long maxPixels, int channels, int size, Resize resize)
      implements java.io.Serializable {
    public Options {
      if (maxPixels < 1) {
        throw new IllegalArgumentException(
            "Cannot set maxPixels to " + maxPixels + ", it must be >= 1");
      }
      if (channels != 1 && channels != 3) {
        throw new IllegalArgumentException(
            "Cannot set channels to " + channels + ", it must be 1 or 3");
      }
      if (size < 0) {
        throw new IllegalArgumentException("Cannot set size to " + size + ", it must be >= 0");
      }
      java.util.Objects.requireNonNull(resize, "resize");
    }

    /** Bilinear resizing. */
    public Options(long maxPixels, int channels, int size) {
      this(maxPixels, channels, size, Resize.BILINEAR);
    }

    /** The same options with {@code channels}. */
    public Options withChannels(int channels) {
      return new Options(maxPixels, channels, size, resize);
    }
  }

  /**
   * A decoded image, channel-interleaved, row-major.
   *
   * @param channels 1 or 3
   * @param height pixels
   * @param width pixels
   * @param pixels channels&times;height&times;width bytes
   * @param format the decoder's format name, e.g. "png", "jpeg"
   */
  public record Decoded(int channels, int height, int width, byte[] pixels, String format) {}

  /** Decodes {@code bytes}. */
  public static Decoded decode(byte[] bytes, Options options) throws ImageRejectedException {
    if (bytes.length == 0) {
      throw new ImageRejectedException("empty file (0 bytes)");
    }
    // In memory: ImageIO.createImageInputStream would copy every image to a temporary file.
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ImageRejectedException(
            "not an image: no decoder recognises its first bytes "
                + HexFormat.of().formatHex(bytes, 0, Math.min(8, bytes.length)));
      }
      ImageReader reader = readers.next();
      String format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
      try {
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if ((long) w * h > options.maxPixels()) {
          throw new ImageRejectedException(
              String.format(
                  "%s of %dx%d = %d pixels exceeds the limit of %d (decompression-bomb guard)",
                  format, w, h, (long) w * h, options.maxPixels()));
        }
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener(
            (source, warning) -> {
              if (!aboutColourProfile(warning)) {
                warnings.add(warning);
              }
            });
        BufferedImage img = reader.read(0);
        if (!warnings.isEmpty()) {
          throw new ImageRejectedException("damaged " + format + ": " + warnings.get(0));
        }
        byte[] px = pixels(img, options.channels());
        int c = options.channels();
        if (options.size() > 0 && (w != options.size() || h != options.size())) {
          int n = options.size();
          px =
              switch (options.resize()) {
                case NEAREST -> ImageResize.nearest(px, c, h, w, n, n);
                case AREA -> ImageResize.area(px, c, h, w, n, n);
                case BILINEAR -> ImageResize.bilinear(px, c, h, w, n, n);
              };
          h = options.size();
          w = options.size();
        }
        return new Decoded(c, h, w, px, format);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw new ImageRejectedException("corrupt image: " + e.getMessage(), e);
    }
  }

  /**
   * Whether a decoder warning is only about colour management (TwelveMonkeys warns that a CMYK JPEG
   * without an ICC profile is converted with a generic profile), not about damage.
   */
  static boolean aboutColourProfile(String warning) {
    String w = warning.toLowerCase(java.util.Locale.ROOT);
    return w.contains("icc") || w.contains("color profile") || w.contains("colour profile");
  }

  private static byte[] pixels(BufferedImage img, int channels) {
    int w = img.getWidth();
    int h = img.getHeight();
    Raster r = img.getRaster();
    int bands = r.getNumBands();
    boolean grey = bands <= 2 && img.getColorModel().getColorSpace().getNumComponents() == 1;
    byte[] out = new byte[channels * w * h];
    if (grey) {
      int shift = Math.max(0, r.getSampleModel().getSampleSize(0) - 8);
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        r.getSamples(0, y, w, 1, 0, row);
        for (int x = 0; x < w; x++) {
          byte v = (byte) (row[x] >>> shift);
          int p = y * w + x;
          for (int c = 0; c < channels; c++) {
            out[channels * p + c] = v;
          }
        }
      }
      return out;
    }
    java.awt.image.ColorModel cm = img.getColorModel();
    boolean plainRgb =
        cm.getColorSpace().isCS_sRGB()
            && !cm.isAlphaPremultiplied()
            && !(cm instanceof java.awt.image.IndexColorModel)
            && (bands == 3 || (bands == 4 && cm.hasAlpha()))
            && java.util.Arrays.stream(r.getSampleModel().getSampleSize()).allMatch(b -> b == 8);
    if (plainRgb) {
      // Bands are R, G, B (, A) in the colour model's order: whole rows at a time, not getRGB.
      int[] row = new int[w * bands];
      for (int y = 0; y < h; y++) {
        r.getPixels(0, y, w, 1, row);
        for (int x = 0; x < w; x++) {
          put(out, channels, y * w + x, row[bands * x], row[bands * x + 1], row[bands * x + 2]);
        }
      }
      return out;
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = img.getRGB(x, y);
        put(out, channels, y * w + x, (rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
      }
    }
    return out;
  }

  /** Stores pixel {@code p} as RGB, or as its ITU-R BT.601 luma for one channel. */
  private static void put(byte[] out, int channels, int p, int red, int green, int blue) {
    if (channels == 1) {
      out[p] = (byte) Math.round(0.299 * red + 0.587 * green + 0.114 * blue);
    } else {
      out[3 * p] = (byte) red;
      out[3 * p + 1] = (byte) green;
      out[3 * p + 2] = (byte) blue;
    }
  }
}
