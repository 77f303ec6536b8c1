package io.fcddspark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fcddspark.config.ConfigException;
import io.fcddspark.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sweep's cells and ingests resolved up front, and a bad value named with its cell or dataset.
 */
class SweepPlanTest {
  private static SweepConfig shipped(String... overrides) throws IOException {
    String text =
        Files.readString(Path.of("../conf/sweep/fashion-mnist.yaml"))
            .replaceAll("(?<=[\\s\\[,'\"])conf/", "../conf/");
    return ConfigLoader.parse(text, "fashion-mnist.yaml", List.of(overrides), SweepConfig.class);
  }

  @Test
  void everyCellReadsItsDatasetsIngestAndTheVariationDecidesTheCorpus() throws IOException {
    SweepConfig config = shipped();
    SweepPlan plan = SweepPlan.of(config);

    assertThat(plan.cells()).hasSize(config.cells().size());
    SweepConfig.Dataset fmnist = config.datasets().get(0);
    assertThat(plan.ingests().get("fashion-mnist").output()).isEqualTo(config.dataOf(fmnist));
    for (SweepPlan.Cell c : plan.cells()) {
      assertThat(c.train().data().input()).isEqualTo(config.dataOf(fmnist));
      assertThat(c.train().outlierExposure() != null)
          .as(c.cell().toString())
          .isEqualTo(config.variation(c.cell().variation()).outlierExposure());
    }
    assertThat(plan.lines()).hasSize(plan.cells().size());
    assertThat(plan.lines().get(0)).startsWith("{\"cell\":{").contains("\"folder\":");
  }

  @Test
  void aBadValueIsNamedWithItsDatasetOrCell() throws IOException {
    assertThatThrownBy(
            () -> SweepPlan.of(shipped("datasets[0].outlierExposure.set=[\"sources[0].count=0\"]")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Dataset fashion-mnist: ")
        .hasMessageContaining("count");
    assertThatThrownBy(() -> SweepPlan.of(shipped("datasets[0].train.set=[epochs=0]")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Cell ")
        .hasMessageContaining("epochs");
  }
}
