package io.fcddspark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fcddspark.config.ConfigException;
import io.fcddspark.config.ConfigLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepTableTest {
  private static final String YAML =
      String.join(
          "\n",
          "output: /tmp/sweep",
          "title: Sweep test",
          "seeds: [0, 1, 2]",
          "datasets:",
          "  - name: fmnist",
          "    classes: [3, 5]",
          "    ingest: {config: i.yaml}",
          "    train: {config: t.yaml}",
          "    evaluate: {config: e.yaml}",
          "variations:",
          "  - {name: oe, description: with OE}",
          "  - {name: confetti, outlierExposure: false, train: [synthetic=confetti]}",
          "");

  private static SweepConfig config(String... overrides) {
    return ConfigLoader.parse(YAML, "sweep.yaml", List.of(overrides), SweepConfig.class);
  }

  @Test
  void cellsRunSeedBySeedSoThatAPartialSweepHasWholeTables() {
    List<SweepCell> cells = config().cells();
    assertThat(cells).hasSize(2 * 3 * 2);
    assertThat(cells.subList(0, 4))
        .containsExactly(
            new SweepCell("fmnist", "oe", 3, 0),
            new SweepCell("fmnist", "oe", 5, 0),
            new SweepCell("fmnist", "confetti", 3, 0),
            new SweepCell("fmnist", "confetti", 5, 0));
    assertThat(config().folderOf(cells.get(5)))
        .isEqualTo("/tmp/sweep/cells/fmnist/oe/class-05-seed-1");
    assertThat(config().variation("confetti").outlierExposure()).isFalse();
    assertThat(config().variation("oe").outlierExposure()).isTrue();
  }

  @Test
  void cellsCanRunVariationByVariationSoThatThePrimaryColumnHasEverySeedFirst() {
    List<SweepCell> cells = config("order=variations").cells();
    assertThat(cells).hasSize(2 * 3 * 2);
    assertThat(cells.subList(0, 7))
        .containsExactly(
            new SweepCell("fmnist", "oe", 3, 0),
            new SweepCell("fmnist", "oe", 5, 0),
            new SweepCell("fmnist", "oe", 3, 1),
            new SweepCell("fmnist", "oe", 5, 1),
            new SweepCell("fmnist", "oe", 3, 2),
            new SweepCell("fmnist", "oe", 5, 2),
            new SweepCell("fmnist", "confetti", 3, 0));
    assertThat(cells).containsExactlyInAnyOrderElementsOf(config().cells());
    assertThat(config().order()).isEqualTo(SweepConfig.Order.SEEDS);

    cells =
        config(
                "order=first-variation",
                "variations=[{name: oe}, {name: confetti, outlierExposure: false}, {name: hsc}]")
            .cells();
    assertThat(cells).hasSize(2 * 3 * 3);
    assertThat(cells.subList(5, 12))
        .containsExactly(
            new SweepCell("fmnist", "oe", 5, 2),
            new SweepCell("fmnist", "confetti", 3, 0),
            new SweepCell("fmnist", "confetti", 5, 0),
            new SweepCell("fmnist", "hsc", 3, 0),
            new SweepCell("fmnist", "hsc", 5, 0),
            new SweepCell("fmnist", "confetti", 3, 1),
            new SweepCell("fmnist", "confetti", 5, 1));
    assertThatThrownBy(() -> config("order=classes"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("order");
  }

  @Test
  void badGridsAreConfigErrorsNamingTheKey() {
    assertThatThrownBy(() -> config("seeds=[1, 1]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Cannot set seeds to [1, 1], name distinct seeds");
    assertThatThrownBy(() -> config("variations[1].name=oe"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("the name 'oe' is used twice");
    assertThatThrownBy(() -> config("datasets[0].name=a/b"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Cannot name a dataset 'a/b'");
    assertThatThrownBy(() -> config("datasets[0].classes=[]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("name distinct classes");
    assertThatThrownBy(() -> config("variations=[]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Cannot set variations to []");
    assertThatThrownBy(() -> config("datasets[0].input=/data/ingested"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Dataset fmnist: set exactly one of ingest");
    SweepConfig existing =
        config(
            "datasets[0].ingest=null",
            "datasets[0].input=/data/fmnist",
            "datasets[0].outlierExposureInput=/data/oe");
    assertThat(existing.dataOf(existing.datasets().get(0))).isEqualTo("/data/fmnist");
    assertThat(existing.outlierExposureOf(existing.datasets().get(0))).isEqualTo("/data/oe");
    assertThat(config().outlierExposureOf(config().datasets().get(0))).isNull();
    assertThat(config().dataOf(config().datasets().get(0))).isEqualTo("/tmp/sweep/ingest/fmnist");
    assertThat(config("variations=null").variations())
        .extracting(SweepConfig.Variation::name)
        .containsExactly("fcdd");
  }

  @Test
  void everyShippedSweepParsesAndNamesConfigsThatExist() throws java.io.IOException {
    try (java.util.stream.Stream<java.nio.file.Path> files =
        java.nio.file.Files.list(java.nio.file.Path.of("../conf/sweep"))) {
      List<java.nio.file.Path> yamls = files.filter(f -> f.toString().endsWith(".yaml")).toList();
      assertThat(yamls).hasSizeGreaterThanOrEqualTo(3);
      for (java.nio.file.Path f : yamls) {
        SweepConfig c = ConfigLoader.load(f, List.of(), SweepConfig.class);
        for (SweepConfig.Dataset d : c.datasets()) {
          for (PipelineConfig.Stage stage :
              java.util.Arrays.asList(d.ingest(), d.outlierExposure(), d.train(), d.evaluate())) {
            if (stage != null) {
              assertThat(java.nio.file.Path.of("..", stage.config())).as(f.toString()).exists();
            }
          }
          for (String b : d.baselines()) {
            assertThat(java.nio.file.Path.of("..", b)).as(f.toString()).exists();
          }
        }
      }
    }
  }

  @Test
  void aggregatesSeedsWithTheSampleStdAndThePublishedDifference() {
    SweepConfig c = config();
    List<SweepTable.Outcome> outcomes =
        List.of(
            done("oe", 3, 0, 0.90),
            done("oe", 3, 1, 0.92),
            done("oe", 3, 2, 0.94),
            done("oe", 5, 0, 0.80),
            failed("oe", 5, 1),
            done("oe", 5, 2, 0.84),
            done("confetti", 3, 0, 0.70),
            done("confetti", 5, 0, 0.60));
    SweepTable t = SweepTable.of(c, outcomes, Map.of("fmnist", Map.of(3, 0.92, 5, 0.90)));

    SweepTable.Row r = t.row("fmnist", "oe", 3);
    assertThat(r.mean()).isCloseTo(0.92, within(1e-12));
    assertThat(r.std()).isCloseTo(0.02, within(1e-12)); // n - 1
    assertThat(r.difference()).isCloseTo(0.0, within(1e-12));
    SweepTable.Row partial = t.row("fmnist", "oe", 5);
    assertThat(partial.values()).containsExactly(0.80, 0.84);
    assertThat(partial.failed()).isEqualTo(1);
    assertThat(partial.difference()).isCloseTo(-0.08, within(1e-12));
    assertThat(t.row("fmnist", "confetti", 5).std()).isNaN();

    String md =
        t.markdown(config("notes=['Why this corpus: reasons.']"), List.of("Generated by `test`."));
    assertThat(md)
        .startsWith("# Sweep test\n\nGenerated by `test`.\n\nWhy this corpus: reasons.\n")
        .contains(
            "| class | oe (mean ± std, n) | confetti (mean ± std, n) | paper (FCDD) | Δ oe |"
                + " Δ confetti |")
        .contains("| 3 | 0.920 ± 0.020 (3) | 0.700 (1) | 0.920 | +0.000 | -0.220 |")
        .contains("| 5 | 0.820 ± 0.028 (2, 1 failed) | 0.600 (1) | 0.900 | -0.080 | -0.300 |")
        // mean of class means: oe (0.92 + 0.82) / 2, paper (0.92 + 0.90) / 2
        .contains("| **mean** | **0.870** | **0.650** | **0.910** | **-0.040** | **-0.260** |")
        .contains("- **oe**: with OE");
    // A dataset's extra section (the sweep's ranking) follows its table, before the descriptions.
    String ranked =
        t.markdown(config(), List.of(), Map.of("fmnist", "### fmnist: ranks\n\nranked.\n"));
    assertThat(ranked)
        .contains(
            "| **mean** | **0.870** | **0.650** | **0.910** | **-0.040** | **-0.260** |\n\n"
                + "### fmnist: ranks\n\nranked.\n\n- **oe**: with OE");
    assertThat(t.markdown(config(), List.of(), Map.of("other", "### other\n")))
        .doesNotContain("### other");
  }

  @Test
  void theHistoryAveragesSeedsAndNamesTheShortestScheduleWithinTolerance() {
    SweepConfig c = config("seeds=[0, 1]", "variations=null");
    List<SweepTable.Outcome> outcomes =
        List.of(
            history(3, 0, 0.80, 0.86, 0.90, 0.91),
            history(3, 1, 0.82, 0.88, 0.90, 0.93),
            history(5, 0, 0.70, 0.78, 0.80, 0.80),
            history(5, 1, 0.72, 0.80, 0.82, 0.80));
    SweepTable t = SweepTable.of(c, outcomes, Map.of());
    SweepTable.History h = t.history(c.datasets().get(0), "fcdd");
    assertThat(h.epochs()).containsExactly(1, 5, 10, 20);
    assertThat(h.byClass()[0])
        .containsExactly(new double[] {0.81, 0.87, 0.90, 0.92}, within(1e-12));
    assertThat(h.mean()[3]).isCloseTo(0.86, within(1e-12)); // (0.92 + 0.80) / 2
    // epoch 10: (0.90 + 0.81) / 2 = 0.855 >= 0.86 - 0.01; epoch 5: 0.83 is not
    assertThat(h.shortestWithinTolerance()).isEqualTo(10);
    assertThat(h.stableWithinTolerance()).isEqualTo(10);
    assertThat(t.markdown(c, List.of()))
        .contains("### fmnist / fcdd: sample_auc by epoch")
        .contains("| epoch | class 3 | class 5 | mean |")
        .contains("| 10 | 0.900 | 0.810 | 0.855 |")
        .contains(
            "The shortest schedule whose mean is at most 0.01 below the longest's (0.860 after 20"
                + " epochs): **10 epochs** (0.855). From 10 epochs on, every evaluated epoch"
                + " stays within it");
    // A dip after the first good epoch: the stable reading starts after the dip.
    SweepTable noisy =
        SweepTable.of(
            c,
            List.of(
                history(3, 0, 0.90, 0.80, 0.90, 0.90),
                history(3, 1, 0.90, 0.80, 0.90, 0.90),
                history(5, 0, 0.90, 0.80, 0.90, 0.90),
                history(5, 1, 0.90, 0.80, 0.90, 0.90)),
            Map.of());
    assertThat(noisy.history(c.datasets().get(0), "fcdd").shortestWithinTolerance()).isEqualTo(1);
    assertThat(noisy.history(c.datasets().get(0), "fcdd").stableWithinTolerance()).isEqualTo(10);
    // Without snapshots there is no history and no section.
    assertThat(SweepTable.of(c, List.of(done("fcdd", 3, 0, 0.9)), Map.of()).markdown(c, List.of()))
        .doesNotContain("by epoch");
  }

  private static SweepTable.Outcome history(int c, long seed, double... values) {
    java.util.TreeMap<Integer, Double> h = new java.util.TreeMap<>();
    int[] epochs = {1, 5, 10, 20};
    for (int i = 0; i < values.length; i++) {
      h.put(epochs[i], values[i]);
    }
    return new SweepTable.Outcome(
        new SweepCell("fmnist", "fcdd", c, seed), true, values[values.length - 1], 20, 1, null, h);
  }

  @Test
  void aClassWithNoFinishedSeedShowsADashNotAZero() {
    SweepConfig c = config("seeds=[0]");
    SweepTable t =
        SweepTable.of(
            c,
            List.of(failed("oe", 3, 0), done("oe", 5, 0, 0.5), done("confetti", 3, 0, 0.5)),
            Map.of());
    assertThat(t.markdown(c, List.of()))
        .contains("| 3 | — (0, 1 failed) | 0.500 (1) | — | — | — |")
        .contains("| 5 | 0.500 (1) | — (0) | — | — | — |");
    assertThatThrownBy(() -> SweepTable.of(c, List.of(done("hsc", 3, 0, 0.5)), Map.of()))
        .hasMessageContaining("Cell fmnist/hsc class 3 seed 0 is not in the sweep");
  }

  private static SweepTable.Outcome done(String variation, int c, long seed, double value) {
    return new SweepTable.Outcome(
        new SweepCell("fmnist", variation, c, seed), true, value, 3, 10, null);
  }

  private static SweepTable.Outcome failed(String variation, int c, long seed) {
    return new SweepTable.Outcome(
        new SweepCell("fmnist", variation, c, seed), false, Double.NaN, 0, 1, "boom");
  }
}
