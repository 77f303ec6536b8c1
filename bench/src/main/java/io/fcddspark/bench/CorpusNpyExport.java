package io.fcddspark.bench;

import io.fcddspark.spark.SparkSessions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes an ingested grey corpus (the {@code images/} Parquet of an ingest output) as one NumPy
 * {@code .npy} array of {@code uint8}, shape {@code (n, height, width)}, rows in {@code id} order,
 * so that a Python program (the authors' reference implementation, {@code bench/reference-fcdd.sh})
 * can train on exactly the images our pipeline trains on.
 *
 * <p>Arguments: {@code images-dir out.npy height width}. Every image must be one-channel and of the
 * given size; the first that is not is an error naming it.
 */
public final class CorpusNpyExport {
  private CorpusNpyExport() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "usage: CorpusNpyExport images-dir out.npy height width; got " + List.of(args));
    }
    String images = args[0];
    Path out = Path.of(args[1]);
    int height = Integer.parseInt(args[2]);
    int width = Integer.parseInt(args[3]);
    SparkSession spark = SparkSessions.local("local[2]", "corpus-npy-export");
    List<Row> rows;
    try {
      rows =
          spark
              .read()
              .parquet(images)
              .select("id", "png", "channels")
              .orderBy("id")
              .collectAsList();
    } finally {
      spark.stop();
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(images + " holds no images");
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (OutputStream o = Files.newOutputStream(out)) {
      o.write(npyHeader(rows.size(), height, width));
      for (Row r : rows) {
        o.write(greyPixels(r.getString(0), r.<byte[]>getAs(1), r.getInt(2), height, width));
      }
    }
    System.out.printf(
        Locale.ROOT, "%s: %d images of %dx%d from %s%n", out, rows.size(), height, width, images);
  }

  /** The pixels of one stored PNG, row by row, after checking its channels and size. */
  static byte[] greyPixels(String id, byte[] png, int channels, int height, int width)
      throws IOException {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    if (img == null || channels != 1 || img.getHeight() != height || img.getWidth() != width) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "image %s is not a 1x%dx%d grey image (channels %d, %s)",
              id,
              height,
              width,
              channels,
              img == null ? "not a readable PNG" : img.getWidth() + "x" + img.getHeight()));
    }
    byte[] pixels = new byte[height * width];
    img.getRaster().getDataElements(0, 0, width, height, pixels);
    return pixels;
  }

  /** A version-1.0 {@code .npy} header for a C-ordered uint8 array of shape (n, h, w). */
  static byte[] npyHeader(int n, int height, int width) {
    String dict =
        String.format(
            Locale.ROOT,
            "{'descr': '|u1', 'fortran_order': False, 'shape': (%d, %d, %d), }",
            n,
            height,
            width);
    int unpadded = 10 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(padding) + "\n";
    byte[] h = header.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[10 + h.length];
    out[0] = (byte) 0x93;
    System.arraycopy("NUMPY".getBytes(StandardCharsets.US_ASCII), 0, out, 1, 5);
    out[6] = 1;
    out[7] = 0;
    out[8] = (byte) (h.length & 0xff);
    out[9] = (byte) (h.length >> 8);
    System.arraycopy(h, 0, out, 10, h.length);
    return out;
  }
}
