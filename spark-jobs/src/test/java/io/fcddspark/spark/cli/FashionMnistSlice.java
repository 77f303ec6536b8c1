package io.fcddspark.spark.cli;

import io.fcddspark.ingest.FashionMnistFiles;
import io.fcddspark.ingest.IdxSource;
import io.fcddspark.spark.train.TrainingCorpus;
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

  /**
   * The stages of a one-epoch run over the slice of {@code ingest} with the rendered-letters OE
   * corpus (DejaVu, 200 letters), {@code heatmaps} heatmap figures per model: pipeline or sweep
   * dataset YAML, each line after {@code indent}.
   */
  static String stages(Path ingest, int heatmaps, String indent) {
    return String.join(
            "\n",
            "ingest: {config: " + ingest + "}",
            "outlierExposure:",
            "  config: ../conf/ingest/letters-oe.yaml",
            "  set: ['sources[0].fonts=" + TrainingCorpus.FONTS + "', 'sources[0].count=200']",
            "train:",
            "  config: ../conf/train/fashion-mnist.yaml",
            "  set: [outlierExposure.dataset=letters, epochs=1, batchSize=16]",
            "evaluate:",
            "  config: ../conf/evaluate/fashion-mnist.yaml",
            "  set: [heatmaps.count=" + heatmaps + "]",
            "")
        .indent(indent.length());
  }

  /**
   * A sweep of {@code classes} (YAML list) over the slice of {@code ingest} into {@code output}:
   * one variation, FCDD with the letters OE corpus ({@link #stages}), ranked against Table 6.
   */
  static String sweep(String output, String title, String classes, Path ingest) {
    return String.join(
        "\n",
        "output: " + output,
        "title: " + title,
        "datasets:",
        "  - name: fmnist",
        "    classes: " + classes,
        stages(ingest, 0, "    ").stripTrailing(),
        "    baselines: [../conf/baselines/fcdd-table6-fashion-mnist-auc.csv]",
        "variations:",
        "  - {name: fcdd-oe, description: the rendered-letters OE corpus}",
        "");
  }
}
