package io.fcddspark.train;

import io.fcddspark.nets.Objective;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Versions of how training turns a config into weights. A code change that gives other weights for
 * the same settings is listed as a {@link Change} with the configs it affects; their version, in
 * {@link TrainConfig#trainingSettings()}, then differs from the one their earlier models were
 * trained under, so that those models are neither resumed nor reused as finished (a sweep's cell
 * key differs too). Configs a change does not touch keep their fingerprints.
 */
public final class TrainingMethod {
  /** The version of every config before any listed change. */
  public static final int FIRST = 1;

  /**
   * A change of the method.
   *
   * @param version its version, above every earlier change's
   * @param what what changed, for the message that refuses an older model
   * @param affects the configs whose weights it changes
   */
  public record Change(int version, String what, Predicate<TrainConfig> affects) {}

  /** The product's changes, oldest first. */
  public static final TrainingMethod CURRENT =
      new TrainingMethod(
          List.of(
              new Change(
                  2,
                  "the pixel-wise loss takes the log of the mean anomalous mass, as the paper's"
                      + " Sec. 4.2 and the reference, not the mean of per-pixel logs",
                  c -> c.objective() == Objective.Kind.PIXEL)));

  private final List<Change> changes;

  /**
   * A method with {@code changes}, oldest first, their versions rising from above {@link #FIRST}.
   */
  public TrainingMethod(List<Change> changes) {
    int last = FIRST;
    for (Change c : changes) {
      if (c.version() <= last) {
        throw new IllegalArgumentException(
            "Training method changes must rise from " + (FIRST + 1) + ": " + c.version());
      }
      last = c.version();
    }
    this.changes = List.copyOf(changes);
  }

  /** The version {@code config} trains under: its last change's, or {@link #FIRST}. */
  public int versionOf(TrainConfig config) {
    int version = FIRST;
    for (Change c : changes) {
      if (c.affects().test(config)) {
        version = c.version();
      }
    }
    return version;
  }

  /** What changed for {@code config} after {@code version} (null: before versions), in a phrase. */
  public String changesSince(Integer version, TrainConfig config) {
    int since = version == null ? FIRST : version;
    return changes.stream()
        .filter(c -> c.version() > since && c.affects().test(config))
        .map(c -> c.version() + ": " + c.what())
        .collect(Collectors.joining("; "));
  }
}
