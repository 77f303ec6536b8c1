package io.fcddspark.spark.train;

/**
 * What a train run did.
 *
 * @param model the final model's path without extension ({@code .zip} and {@code .json} beside)
 * @param epochs epochs the model has been trained
 * @param resumedFrom epochs already done when this run started (0: a fresh run)
 * @param loss the last averaged training loss
 * @param imagesPerSecond training images per second in this run (0 when nothing was trained)
 * @param seconds this run's wall time
 * @param trainingSeconds the model's training time over every run that trained it (resumed runs
 *     summed); null when an earlier run did not record it
 */
public record TrainResult(
    String model,
    int epochs,
    int resumedFrom,
    double loss,
    double imagesPerSecond,
    double seconds,
    Double trainingSeconds) {

  /** Whether this run found the model already trained and did nothing. */
  public boolean alreadyDone() {
    return resumedFrom == epochs && imagesPerSecond == 0;
  }
}
