package io.fcddspark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.nets.Objective;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Training method versions: a change raises the version, and so the fingerprint, of exactly the
 * configs it affects; the others keep the fingerprints their models were trained under.
 */
class TrainingMethodTest {
  private static final Path CONF = Path.of("../conf/train");
  private static final TrainingMethod BEFORE_ANY_CHANGE = new TrainingMethod(List.of());

  private static TrainConfig load(String name, String... overrides) {
    return ConfigLoader.load(CONF.resolve(name), List.of(overrides), TrainConfig.class);
  }

  @Test
  void thePixelLossChangeAffectsPixelObjectivesOnly() {
    TrainConfig pixel = load("mvtec-ad.yaml");
    TrainConfig sample = load("fashion-mnist.yaml");
    assertThat(pixel.objective()).isEqualTo(Objective.Kind.PIXEL);

    assertThat(TrainingMethod.CURRENT.versionOf(pixel)).isEqualTo(2);
    assertThat(TrainingMethod.CURRENT.versionOf(sample)).isEqualTo(TrainingMethod.FIRST);
    assertThat(pixel.trainingSettings().path("method").asInt()).isEqualTo(2);
    assertThat(sample.trainingSettings().has("method")).isFalse();
    // An unaffected config's settings, and so its fingerprint, are those from before versions.
    assertThat(sample.trainingSettings()).isEqualTo(sample.trainingSettings(BEFORE_ANY_CHANGE));
    assertThat(pixel.trainingSettings()).isNotEqualTo(pixel.trainingSettings(BEFORE_ANY_CHANGE));
  }

  @Test
  void changesSinceNameWhatChangedForTheConfig() {
    TrainConfig pixel = load("mvtec-ad.yaml");
    assertThat(TrainingMethod.CURRENT.changesSince(null, pixel))
        .startsWith("2: the pixel-wise loss takes the log of the mean anomalous mass");
    assertThat(TrainingMethod.CURRENT.changesSince(1, pixel)).startsWith("2: ");
    assertThat(TrainingMethod.CURRENT.changesSince(2, pixel)).isEmpty();
    assertThat(TrainingMethod.CURRENT.changesSince(null, load("fashion-mnist.yaml"))).isEmpty();
  }

  @Test
  void laterChangesWinAndVersionsMustRise() {
    TrainingMethod method =
        new TrainingMethod(
            List.of(
                new TrainingMethod.Change(2, "a", c -> true),
                new TrainingMethod.Change(3, "b", c -> c.batchSize() == 16),
                new TrainingMethod.Change(4, "c", c -> false)));
    assertThat(method.versionOf(load("fashion-mnist.yaml", "batchSize=16"))).isEqualTo(3);
    assertThat(method.versionOf(load("fashion-mnist.yaml", "batchSize=32"))).isEqualTo(2);
    assertThat(method.changesSince(1, load("fashion-mnist.yaml", "batchSize=16")))
        .isEqualTo("2: a; 3: b");
    assertThatThrownBy(
            () ->
                new TrainingMethod(
                    List.of(
                        new TrainingMethod.Change(3, "a", c -> true),
                        new TrainingMethod.Change(3, "b", c -> true))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rise");
    assertThatThrownBy(
            () -> new TrainingMethod(List.of(new TrainingMethod.Change(1, "a", c -> true))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
