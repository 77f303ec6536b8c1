package io.fcddspark.studies;

import java.util.Objects;

/**
 * A run of the authors' reference implementation (liznerski/fcdd) on one class of a sweep's
 * dataset, trained on the very OE images the sweep trains on and for the same number of epochs
 * ({@code bench/reference-fcdd.sh} writes its record). Only the implementation differs from the
 * sweep's cells, so the reference's mean over seeds against the sweep's says how much of a class's
 * gap to the paper is ours.
 *
 * @param dataset the sweep's dataset
 * @param nominalClass the class trained as nominal
 * @param seed the seed the run's driver gave Python, NumPy and torch (not comparable with ours)
 * @param epochs the epochs it trained
 * @param value its sample-wise ROC-AUC on the test set
 * @param commit the reference checkout's commit
 * @param record where its record was read
 */
public record ReferenceRun(
    String dataset,
    int nominalClass,
    int seed,
    int epochs,
    double value,
    String commit,
    String record) {
  public ReferenceRun {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(commit, "commit");
    if (!Double.isFinite(value) || value < 0 || value > 1) {
      throw new IllegalArgumentException(
          "The reference run " + record + " has no AUC in [0, 1]: " + value);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException(
          "The reference run " + record + " trained " + epochs + " epochs");
    }
  }
}
