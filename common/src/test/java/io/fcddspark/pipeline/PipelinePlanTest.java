package io.fcddspark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fcddspark.config.ConfigException;
import io.fcddspark.config.ConfigLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every stage config of a pipeline, loaded from the shipped files before any work. */
class PipelinePlanTest {
  private static final String PIPELINE =
      String.join(
          "\n",
          "output: /tmp/run",
          "classes: [0, 3]",
          "seeds: [0, 1]",
          "ingest: {config: ../conf/ingest/fashion-mnist.yaml}",
          "outlierExposure: {config: ../conf/ingest/letters-oe.yaml}",
          "train: {config: ../conf/train/fashion-mnist.yaml}",
          "evaluate: {config: ../conf/evaluate/fashion-mnist.yaml}",
          "rank: {baselines: [../conf/baselines/fcdd-table6-fashion-mnist-auc.csv]}",
          "");

  @Test
  void everyClassAndSeedIsARunReadingTheIngestsOutput() {
    PipelinePlan plan = PipelinePlan.of(pipeline(List.of()));

    assertThat(plan.ingest().output()).isEqualTo("/tmp/run/ingest/data");
    assertThat(plan.outlierExposure().output()).isEqualTo("/tmp/run/ingest/oe");
    assertThat(plan.runs())
        .extracting(r -> r.nominalClass() + "/" + r.seed())
        .containsExactly("0/0", "0/1", "3/0", "3/1");
    assertThat(plan.runs().get(3).train().data().input()).isEqualTo("/tmp/run/ingest/data");
    assertThat(plan.runs().get(3).train().outlierExposure().input())
        .isEqualTo("/tmp/run/ingest/oe");
    assertThat(plan.runs().get(3).evaluate().model()).isEqualTo(plan.runs().get(3).folder());
  }

  @Test
  void aBadIngestValueIsNamedWithItsStage() {
    assertThatThrownBy(
            () -> PipelinePlan.of(pipeline(List.of("outlierExposure.set=[maxPixels=0]"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("pipeline stage outlierExposure: ")
        .hasMessageContaining("maxPixels");
  }

  private static PipelineConfig pipeline(List<String> overrides) {
    return ConfigLoader.parse(PIPELINE, "pipeline.yaml", overrides, PipelineConfig.class);
  }
}
