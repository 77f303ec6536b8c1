package io.fcddspark.ingest;

import io.fcddspark.testing.SystemPackages;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Debian's {@code dataset-fashion-mnist} (installed by .ci/run), for real-data tests. */
public final class FashionMnistFiles {
  public static final Path ROOT = Path.of("/usr/share/datasets/fashion-mnist");

  /** The class names, by label. */
  public static final List<String> CLASSES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  private FashionMnistFiles() {}

  /** Whether the package is installed. */
  public static boolean installed() {
    return Files.exists(images("train")) && Files.exists(images("t10k"));
  }

  /**
   * Goes on when the package is installed; fails under CI, skips elsewhere ({@link
   * SystemPackages}).
   */
  public static void require() {
    SystemPackages.require(installed(), "dataset-fashion-mnist", "Fashion-MNIST (" + ROOT + ")");
  }

  /** The image file of {@code part} ("train" or "t10k"). */
  public static Path images(String part) {
    return ROOT.resolve(part + "-images-idx3-ubyte.gz");
  }

  /** The label file of {@code part}. */
  public static Path labels(String part) {
    return ROOT.resolve(part + "-labels-idx1-ubyte.gz");
  }

  /** The IDX source of {@code part} as split {@code split} of dataset "fashion-mnist". */
  public static IdxSource source(String part, String split) {
    return new IdxSource(
        "fashion-mnist", split, images(part).toString(), labels(part).toString(), CLASSES);
  }

  /**
   * Records {@code [first, first + n)} of {@code part}, written as an uncompressed IDX pair in
   * {@code dir}: a slice of the real data; returns its source as split {@code split}.
   */
  public static IdxSource slice(String part, int first, int n, String split, Path dir)
      throws IOException {
    Path img = dir.resolve(part + "-" + first + "-" + n + "-images-idx3-ubyte");
    Path lbl = dir.resolve(part + "-" + first + "-" + n + "-labels-idx1-ubyte");
    try (DataInputStream in = gunzip(images(part));
        DataOutputStream out = new DataOutputStream(Files.newOutputStream(img))) {
      out.writeInt(in.readInt());
      in.readInt();
      out.writeInt(n);
      int rows = in.readInt();
      int cols = in.readInt();
      out.writeInt(rows);
      out.writeInt(cols);
      in.skipNBytes((long) first * rows * cols);
      out.write(in.readNBytes(n * rows * cols));
    }
    try (DataInputStream in = gunzip(labels(part));
        DataOutputStream out = new DataOutputStream(Files.newOutputStream(lbl))) {
      out.writeInt(in.readInt());
      in.readInt();
      out.writeInt(n);
      in.skipNBytes(first);
      out.write(in.readNBytes(n));
    }
    return new IdxSource("fashion-mnist", split, img.toString(), lbl.toString(), CLASSES);
  }

  private static DataInputStream gunzip(Path file) throws IOException {
    return new DataInputStream(
        new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file))));
  }
}
