package io.fcddspark.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fcddspark.config.ConfigException;
import io.fcddspark.evaluate.ModelEvaluation;
import io.fcddspark.ingest.IngestManifest;
import io.fcddspark.ingest.IngestResult;
import io.fcddspark.train.LabelledAnomalies;
import io.fcddspark.train.TrainProvenance;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed records of a run's files: each reads what it writes, and names a file it cannot. */
class TypedRecordsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aManifestGivesItsIdentityAndItsSourcesClassNames() throws Exception {
    IngestManifest m =
        new IngestManifest(
            "2026-12-05T00:00:00Z",
            new CodeVersion("0.1.0", "abc", false),
            "plan",
            new IngestManifest.Config(
                "out",
                1 << 20,
                2,
                JSON.readTree("{\"sources\": [{\"type\": \"idx\", \"classes\": [\"a\", \"b\"]}]}")),
            List.of(new IngestManifest.Input("file:/x", 10L)),
            new IngestResult(3, 2, 1, Map.of("a", 2L), "hash", 2, 0, 1.5, 0.5),
            null);

    IngestManifest back = IngestManifest.read(m.toJson(), "manifest.json");

    assertThat(back.identity("in"))
        .containsExactly(
            Map.entry("input", "in"),
            Map.entry("contentHash", "hash"),
            Map.entry("planHash", "plan"),
            Map.entry("codeVersion", "{\"version\":\"0.1.0\",\"commit\":\"abc\",\"dirty\":false}"));
    assertThat(back.classNames()).containsExactly("a", "b");
    assertThat(back.result()).isEqualTo(m.result());
  }

  @Test
  void aProvenanceWithoutAConfigIsNotOneAndBrokenJsonIsNamed() {
    assertThatThrownBy(() -> TrainProvenance.read(bytes("{\"seed\": 1}"), "p.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("No training provenance in p.json: it holds no training config");
    assertThatThrownBy(() -> LabelledAnomalies.read(bytes("[1"), "l.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Cannot read the labelled anomalies l.json: ");
  }

  @Test
  void metricsAreReusedOnlyForTheSameSettingsModelAndData() throws Exception {
    ModelEvaluation.Model model = new ModelEvaluation.Model("m", "model", "sha", "fp", 3);
    ModelEvaluation.Provenance asked = provenance(model, null);
    ModelEvaluation written =
        ModelEvaluation.read(
            new ModelEvaluation(provenance(model, new CodeVersion("0.1.0", "abc", true)), List.of())
                .toJson(),
            "metrics.json");

    assertThat(written.provenance().sameEvaluation(asked)).isTrue();
    assertThat(
            written
                .provenance()
                .sameEvaluation(
                    provenance(new ModelEvaluation.Model("m", "model", "sha2", "fp", 3), null)))
        .isFalse();
    ModelEvaluation.Provenance beforeTheMethod =
        new ModelEvaluation.Provenance(
            asked.evaluate(), null, model, asked.testData(), null, null, null, null, null, null);
    assertThat(beforeTheMethod.sameEvaluation(asked))
        .as("metrics computed the way before (no method) are computed again")
        .isFalse();
  }

  private static ModelEvaluation.Provenance provenance(
      ModelEvaluation.Model model, CodeVersion code) {
    return new ModelEvaluation.Provenance(
        RecordJson.tree(Map.of("curveSteps", 100)),
        ModelEvaluation.METHOD,
        model,
        Map.of("contentHash", "h"),
        null,
        code,
        code == null ? null : "local[2]",
        null,
        null,
        null);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
