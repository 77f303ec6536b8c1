package io.fcddspark.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
}
