package io.fcddspark.studies;

import static io.fcddspark.config.ConfigLoader.required;

import io.fcddspark.config.ConfigException;

/**
 * Reproduction targets: the largest absolute difference to the published value allowed per class
 * and for the mean over classes.
 *
 * @param perClass per class, e.g. 0.03; required, in (0, 1)
 * @param mean for the mean over classes, e.g. 0.02; required, in (0, 1)
 */
public record Targets(Double perClass, Double mean) {
  public Targets {
    required(perClass, "targets.perClass");
    required(mean, "targets.mean");
    for (double t : new double[] {perClass, mean}) {
      if (!(t > 0 && t < 1)) {
        throw new ConfigException(
            "Cannot set targets to perClass "
                + perClass
                + ", mean "
                + mean
                + ": they are absolute differences in (0, 1)");
      }
    }
  }
}
