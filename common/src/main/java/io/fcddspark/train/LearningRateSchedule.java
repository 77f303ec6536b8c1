package io.fcddspark.train;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.fcddspark.config.ConfigException;
import java.util.List;

/**
 * How the learning rate changes per epoch (key {@code optimizer.schedule}, chosen by {@code type}).
 * App. E: Fashion-MNIST and MVTec-AD multiply by a factor every epoch (PyTorch's {@code
 * ExponentialLR}); CIFAR-10, ImageNet and VOC divide by 10 at given epochs ({@code MultiStepLR}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = LearningRateSchedule.Exponential.class, name = "exponential"),
  @JsonSubTypes.Type(value = LearningRateSchedule.Milestones.class, name = "milestones")
})
public sealed interface LearningRateSchedule extends java.io.Serializable {
  /** The rate in epoch {@code epoch} (from 0) given the initial rate. */
  double rate(double initial, int epoch);

  /** {@code initial × gamma^epoch}. */
  record Exponential(Double gamma) implements LearningRateSchedule {
    public Exponential {
      if (gamma == null || !(gamma > 0 && gamma <= 1)) {
        throw new ConfigException("Cannot set gamma to " + gamma + ", it must be in (0, 1]");
      }
    }

    @Override
    public double rate(double initial, int epoch) {
      return initial * Math.pow(gamma, epoch);
    }
  }

  /** {@code initial × factor^(milestones passed)}: a milestone m applies from epoch m on. */
  record Milestones(List<Integer> epochs, Double factor) implements LearningRateSchedule {
    public Milestones {
      if (epochs == null || epochs.isEmpty()) {
        throw new ConfigException("missing key 'epochs': the epochs at which the rate drops");
      }
      epochs = List.copyOf(epochs);
      for (int i = 1; i < epochs.size(); i++) {
        if (epochs.get(i) <= epochs.get(i - 1)) {
          throw new ConfigException("Cannot set epochs to " + epochs + ", they must increase");
        }
      }
      factor = factor == null ? 0.1 : factor;
      if (!(factor > 0 && factor <= 1)) {
        throw new ConfigException("Cannot set factor to " + factor + ", it must be in (0, 1]");
      }
    }

    @Override
    public double rate(double initial, int epoch) {
      int passed = 0;
      for (int m : epochs) {
        passed += epoch >= m ? 1 : 0;
      }
      return initial * Math.pow(factor, passed);
    }
  }
}
