package io.fcddspark.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fcddspark.config.ConfigException;
import io.fcddspark.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EvaluateConfigTest {
  private static EvaluateConfig parse(String yaml, String... overrides) {
    return ConfigLoader.parse(yaml, "test.yaml", List.of(overrides), EvaluateConfig.class);
  }

  @Test
  void theShippedConfigsLoad() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("../conf/evaluate"))) {
      List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).toList();
      assertThat(yaml).hasSizeGreaterThanOrEqualTo(2);
      for (Path p : yaml) {
        EvaluateConfig c = ConfigLoader.load(p, List.of("model=/m"), EvaluateConfig.class);
        assertThat(c.output()).isEqualTo("/m/evaluation");
      }
    }
  }

  @Test
  void defaults() {
    EvaluateConfig c = parse("model: /runs/a\n");
    assertThat(c.models()).containsExactly("model");
    assertThat(c.output()).isEqualTo("/runs/a/evaluation");
    assertThat(c.curveSteps()).isEqualTo(200);
    assertThat(c.auproLimit()).isEqualTo(0.3);
    assertThat(c.heatmaps().count()).isEqualTo(8);
    assertThat(c.heatmaps().eta()).isEqualTo(0.97);
    assertThat(c.heatmaps().normalisation())
        .isEqualTo(EvaluateConfig.Heatmaps.Normalisation.BALANCED);
    assertThat(c.heatmaps().sigmaOr(12.0)).isEqualTo(12.0);
    assertThat(parse("model: a\nheatmaps: {sigma: 1.2}\n").heatmaps().sigmaOr(12.0)).isEqualTo(1.2);
    assertThat(parse("model: a\n", "models=[model, snapshots]").models())
        .containsExactly("model", "snapshots");
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> parse("output: x\n")).hasMessageContaining("missing key 'model'");
    assertThatThrownBy(() -> parse("model: a\nauproLimit: 0\n"))
        .hasMessageContaining("Cannot set auproLimit to 0.0, it must be in (0, 1]");
    assertThatThrownBy(() -> parse("model: a\nheatmaps: {normalisation: global}\n"))
        .hasMessageContaining(
            "key 'heatmaps.normalisation': expected one of [balanced, image], got 'global'");
    assertThatThrownBy(() -> parse("model: a\nheatmaps: {eta: 1.5}\n"))
        .hasMessageContaining("heatmaps.eta");
    assertThatThrownBy(() -> parse("model: a\ncurvePoints: 5\n"))
        .hasMessageContaining("unknown key 'curvePoints'");
    assertThatThrownBy(() -> parse("model: a\n").heatmaps().sigmaOr(null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Set heatmaps.sigma");
  }
}
