package io.fcddspark.spark.cli;

import io.fcddspark.ingest.FashionMnistFiles;
import io.fcddspark.ingest.IdxSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An ingest config over a slice of real Fashion-MNIST (t10k): 600 training and 300 test images, for
 * the command-line tests that run the whole pipeline.
 */
final class FashionMnistSlice {
  private FashionMnistSlice() {}

  /** Writes the slice's IDX files and its ingest config under {@code dir}; returns the config. */
  static Path ingestConfig(Path dir) throws IOException {
    IdxSource train = FashionMnistFiles.slice("t10k", 0, 600, "train", dir);
    IdxSource test = FashionMnistFiles.slice("t10k", 600, 300, "test", dir);
    Path ingest = dir.resolve("ingest.yaml");
    Files.writeString(
        ingest,
        String.join(
            "\n",
            "output: unused",
            "sources:",
            "  - {type: idx, dataset: fashion-mnist, split: train, images: "
                + train.imagesUri()
                + ", labels: "
                + train.labelsUri()
                + ", classes: "
                + FashionMnistFiles.CLASSES
                + "}",
            "  - {type: idx, dataset: fashion-mnist, split: test, images: "
                + test.imagesUri()
                + ", labels: "
                + test.labelsUri()
                + ", classes: "
                + FashionMnistFiles.CLASSES
                + "}",
            ""));
    return ingest;
  }
}
