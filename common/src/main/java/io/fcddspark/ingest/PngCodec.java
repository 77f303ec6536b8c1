package io.fcddspark.ingest;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Lossless PNG for 8-bit grey (1 channel) and RGB (3 channels) images, as the ingest job stores
 * them. Pixels are channel-interleaved, row-major ({@code [y][x][c]}).
 */
public final class PngCodec {
  private PngCodec() {}

  /**
   * Encodes {@code pixels} of a {@code channels}&times;{@code height}&times;{@code width} image.
   */
  public static byte[] encode(int channels, int height, int width, byte[] pixels) {
    if (pixels.length != channels * height * width) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot encode %dx%dx%d image from %d bytes",
              channels, height, width, pixels.length));
    }
    BufferedImage img =
        switch (channels) {
          case 1 -> new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
          case 3 -> new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
          default ->
              throw new IllegalArgumentException(
                  "PNG images here have 1 or 3 channels, got " + channels);
        };
    byte[] raster = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    if (channels == 1) {
      System.arraycopy(pixels, 0, raster, 0, pixels.length);
    } else {
      for (int p = 0; p < height * width; p++) { // RGB -> the raster's BGR order
        raster[3 * p] = pixels[3 * p + 2];
        raster[3 * p + 1] = pixels[3 * p + 1];
        raster[3 * p + 2] = pixels[3 * p];
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(pixels.length / 2 + 128);
    // In memory: ImageIO.write(img, "png", OutputStream) would buffer through a temporary file.
    try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      if (!ImageIO.write(img, "png", stream)) {
        throw new IllegalStateException("No PNG writer in this Java runtime");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Decodes a PNG written by {@link #encode} back to interleaved pixels. */
  public static byte[] decode(byte[] png, int channels) {
    BufferedImage img;
    try {
      img = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(png)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (img == null) {
      throw new IllegalArgumentException("Not a PNG image (" + png.length + " bytes)");
    }
    int h = img.getHeight();
    int w = img.getWidth();
    byte[] out = new byte[channels * h * w];
    java.awt.image.Raster raster = img.getRaster();
    if (raster.getNumBands() == channels
        && java.util.Arrays.stream(raster.getSampleModel().getSampleSize()).allMatch(b -> b == 8)
        && !(img.getColorModel() instanceof java.awt.image.IndexColorModel)) {
      // Our own PNGs: grey, or RGB whose bands come back in R, G, B order; whole rows at a time.
      int[] row = new int[w * channels];
      for (int y = 0; y < h; y++) {
        raster.getPixels(0, y, w, 1, row);
        for (int i = 0; i < row.length; i++) {
          out[y * w * channels + i] = (byte) row[i];
        }
      }
      return out;
    }
    int[] px = new int[1];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (channels == 1) {
          img.getRaster().getPixel(x, y, px);
          out[y * w + x] = (byte) px[0];
        } else {
          int rgb = img.getRGB(x, y);
          int p = 3 * (y * w + x);
          out[p] = (byte) (rgb >> 16);
          out[p + 1] = (byte) (rgb >> 8);
          out[p + 2] = (byte) rgb;
        }
      }
    }
    return out;
  }
}
