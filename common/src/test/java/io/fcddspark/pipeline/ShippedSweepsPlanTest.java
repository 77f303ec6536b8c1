package io.fcddspark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.rank.RankConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every shipped sweep and pipeline is planned as {@code fcdd sweep} and {@code fcdd pipeline} plan
 * them before any work: each stage's config with the sweep's and each variation's overrides, for
 * every cell, loads and validates; the shipped rank configs load. (The stage configs' own data
 * layouts are run on fixtures by the ingest, train and evaluate tests.) The configs name {@code
 * conf/...} from the repository root; the test, which runs in {@code common/}, reads them from
 * {@code ../conf/...}.
 */
class ShippedSweepsPlanTest {
  private static final Path CONF = Path.of("../conf");

  private static List<Path> yamls(String folder) throws IOException {
    try (Stream<Path> files = Files.list(CONF.resolve(folder))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  /** The config's text with its repository-relative {@code conf/} paths seen from here. */
  private static String fromHere(Path file) throws IOException {
    return Files.readString(file).replaceAll("(?<=[\\s\\[,'\"])conf/", "../conf/");
  }

  @Test
  void everyShippedSweepPlansEveryCell() throws IOException {
    List<Path> sweeps = yamls("sweep");
    assertThat(sweeps).hasSizeGreaterThanOrEqualTo(7);
    for (Path file : sweeps) {
      SweepConfig sweep =
          ConfigLoader.parse(fromHere(file), file.toString(), List.of(), SweepConfig.class);
      SweepPlan plan = SweepPlan.of(sweep);
      assertThat(plan.cells()).as(file.toString()).hasSize(sweep.cells().size()).isNotEmpty();
      for (SweepConfig.Dataset d : sweep.datasets()) {
        assertThat(plan.ingests().containsKey(d.name())).isEqualTo(d.ingest() != null);
        assertThat(plan.outlierExposure().containsKey(d.name()))
            .isEqualTo(d.outlierExposure() != null);
      }
      assertThat(plan.ingests().values())
          .as(file.toString())
          .allSatisfy(i -> assertThat(i.sources()).isNotEmpty());
      for (SweepPlan.Cell p : plan.cells()) {
        assertThat(p.train().data().nominalClass())
            .as(file + ": " + p.cell())
            .isEqualTo(p.cell().nominalClass());
        assertThat(p.train().seed()).isEqualTo(p.cell().seed());
      }
    }
  }

  @Test
  void everyShippedPipelinePlansEveryRun() throws IOException {
    for (Path file : yamls("pipeline")) {
      PipelineConfig pipeline =
          ConfigLoader.parse(fromHere(file), file.toString(), List.of(), PipelineConfig.class);
      PipelinePlan plan = PipelinePlan.of(pipeline);
      assertThat(plan.runs())
          .as(file.toString())
          .hasSize(pipeline.classes().size() * pipeline.seeds().size());
    }
  }

  @Test
  void everyShippedRankConfigLoads() throws IOException {
    List<Path> ranks = yamls("rank");
    assertThat(ranks).isNotEmpty();
    for (Path file : ranks) {
      RankConfig rank =
          ConfigLoader.parse(fromHere(file), file.toString(), List.of(), RankConfig.class);
      assertThat(rank.baselines()).as(file.toString()).isNotEmpty();
      for (String baseline : rank.baselines()) {
        assertThat(Path.of(baseline)).as(file.toString()).exists();
      }
    }
  }
}
