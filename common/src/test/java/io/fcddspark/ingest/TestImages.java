package io.fcddspark.ingest;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Fixture builders for ingest tests: seeded images, encoded, and tars of them. */
public final class TestImages {
  /**
   * CIFAR-10's class names in label order, as its batches.meta.txt and conf/ingest/cifar10.yaml.
   */
  public static final List<String> CIFAR10_CLASSES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  private TestImages() {}

  /** A w&times;h RGB image of seeded random pixels. */
  public static BufferedImage random(int w, int h, long seed) {
    Random r = new Random(seed);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, r.nextInt(1 << 24));
      }
    }
    return img;
  }

  /** {@code img} encoded as {@code format} ("png", "jpeg", ...). */
  public static byte[] encode(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalArgumentException("no writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A seeded random PNG. */
  public static byte[] png(int w, int h, long seed) {
    return encode(random(w, h, seed), "png");
  }

  /**
   * A decompression bomb: a PNG whose header declares {@code w}&times;{@code h} 8-bit grey pixels
   * but whose data is a few bytes (any decoder that trusts the header allocates w&times;h).
   */
  public static byte[] bombPng(int w, int h) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13);
    ihdr.putInt(w).putInt(h).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    java.util.zip.Deflater z = new java.util.zip.Deflater();
    z.setInput(new byte[64]);
    z.finish();
    byte[] idat = new byte[128];
    int n = z.deflate(idat);
    chunk(out, "IDAT", java.util.Arrays.copyOf(idat, n));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12 + data.length);
    byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(t);
    crc.update(data);
    b.putInt(data.length).put(t).put(data).putInt((int) crc.getValue());
    out.writeBytes(b.array());
  }

  /**
   * A 4-channel JPEG with Adobe's APP14 marker (transform 0: CMYK, stored inverted, as Photoshop
   * writes it) of one colour, {@code inverted} = 255 - (C, M, Y, K).
   */
  public static byte[] cmykJpeg(int w, int h, int[] inverted) {
    java.awt.image.WritableRaster cmyk =
        java.awt.image.Raster.createInterleavedRaster(
            java.awt.image.DataBuffer.TYPE_BYTE, w, h, 4, null);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        cmyk.setPixel(x, y, inverted);
      }
    }
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(plain)) {
      writer.setOutput(out);
      writer.write(null, new javax.imageio.IIOImage(cmyk, null, null), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] b = plain.toByteArray();
    byte[] app14 = {
      (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0
    };
    byte[] jpeg = new byte[b.length + app14.length];
    System.arraycopy(b, 0, jpeg, 0, 2);
    System.arraycopy(app14, 0, jpeg, 2, app14.length);
    System.arraycopy(b, 2, jpeg, 2 + app14.length, b.length - 2);
    return jpeg;
  }

  /** {@code bytes} gzipped. */
  public static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
      z.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** An uncompressed tar of {@code entries} in their iteration order (names are not checked). */
  public static byte[] tar(Map<String, byte[]> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey(), true);
        entry.setSize(e.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
