package io.fcddspark.nets;

import io.fcddspark.random.SampleRandom;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * How to build a network: the seed of its initial weights, the optimiser, weight decay and the
 * floating-point type.
 *
 * @param seed the run's seed, from which the weight initialisation (and DL4J's dropout RNG) is
 *     seeded through {@link #nd4jSeed()}; recorded in provenance
 * @param updater DL4J optimiser, e.g. {@code new Nesterovs(0.01, 0.9)}
 * @param weightDecay L2 penalty added to the gradient of every weight and bias before the update,
 *     as PyTorch's {@code weight_decay} does (DL4J {@code l2} + {@code l2Bias})
 * @param dataType {@code FLOAT} for training; {@code DOUBLE} for gradient checks
 */
public record NetworkOptions(long seed, IUpdater updater, double weightDecay, DataType dataType) {
  public NetworkOptions {
    Objects.requireNonNull(updater, "updater");
    Objects.requireNonNull(dataType, "dataType");
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException(
          "Weight decay must be finite and >= 0, got " + weightDecay);
    }
    if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE && dataType != DataType.FLOAT16) {
      throw new IllegalArgumentException("Networks are FLOAT, DOUBLE or FLOAT16, got " + dataType);
    }
  }

  /**
   * The seed given to DL4J and ND4J: drawn from {@link #seed()} like every other random choice of a
   * run, and never 0, since ND4J's native generator reads 0 as "seed from the clock" (a run with
   * seed 0 then gets different initial weights every time).
   */
  public long nd4jSeed() {
    SplittableRandom r = SampleRandom.of(seed, 0, 0, SampleRandom.Purpose.WEIGHTS);
    long s = r.nextLong();
    while (s == 0) {
      s = r.nextLong();
    }
    return s;
  }

  /** The Fashion-MNIST defaults of App. E: SGD Nesterov 0.9, lr 0.01, weight decay 1e-6, float. */
  public static NetworkOptions fashionMnistDefaults(long seed) {
    return new NetworkOptions(seed, new Nesterovs(0.01, 0.9), 1e-6, DataType.FLOAT);
  }
}
