package io.fcddspark.spark.pipeline;

import io.fcddspark.pipeline.SweepConfig;
import io.fcddspark.pipeline.SweepTable;
import io.fcddspark.rank.RankConfig;
import io.fcddspark.rank.RankMarkdown;
import io.fcddspark.rank.ResultsTable;
import io.fcddspark.spark.rank.RankJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.SparkSession;

/**
 * A sweep's ranking of each dataset's variations against its published methods (the rank job on the
 * cells' records), and its section of the results page.
 */
final class SweepRanking {
  private final SparkSession spark;
  private final Consumer<String> progress;

  SweepRanking(SparkSession spark, Consumer<String> progress) {
    this.spark = spark;
    this.progress = progress;
  }

  /**
   * A dataset's ranking.
   *
   * @param ranking the table and its statistics
   * @param waiting variations left out because they have not finished every ranked class
   * @param title the CD diagram's title
   */
  record Ranked(RankJob.Ranking ranking, List<String> waiting, String title) {}

  /** Each ranked dataset's results-page section, its CD diagram at {@code diagram(dataset)}. */
  static Map<String, String> sections(
      SweepConfig config, Map<String, Ranked> ranked, UnaryOperator<String> diagram) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, Ranked> e : ranked.entrySet()) {
      SweepConfig.Dataset d = config.dataset(e.getKey());
      StringBuilder s = new StringBuilder();
      boolean published = !d.baselines().isEmpty();
      s.append("### ")
          .append(d.name())
          .append(published ? ": ranks against the published methods\n\n" : ": ranks\n\n")
          .append("Each variation's ")
          .append(config.metric())
          .append(" per class (the mean over its finished seeds)")
          .append(
              published
                  ? " beside the published methods of " + String.join(", ", d.baselines())
                  : "")
          .append(", ranked class by class (`")
          .append(config.output())
          .append("/rank/")
          .append(d.name())
          .append("/rank.json` has every p-value).");
      if (!e.getValue().waiting().isEmpty()) {
        s.append(" Not ranked yet (not finished at every ranked class): ")
            .append(String.join(", ", e.getValue().waiting()))
            .append('.');
      }
      s.append("\n\n")
          .append(
              RankMarkdown.of(
                  e.getValue().ranking().analysis(),
                  e.getValue().ranking().table(),
                  "classes",
                  diagram.apply(d.name())));
      out.put(d.name(), s.toString());
    }
    return out;
  }

  /**
   * Ranks each dataset's variations against its baselines over the classes where the first
   * variation has a finished seed, with the other variations that have one at each of those classes
   * (while a sweep runs, the others wait; a rank needs every cell).
   */
  Map<String, Ranked> rank(SweepConfig config, List<SweepTable.Outcome> outcomes, boolean last) {
    Map<String, Ranked> out = new TreeMap<>();
    for (SweepConfig.Dataset d : config.datasets()) {
      java.util.function.BiPredicate<String, Integer> finished =
          (variation, c) ->
              outcomes.stream()
                  .anyMatch(
                      o ->
                          o.done()
                              && o.cell().dataset().equals(d.name())
                              && o.cell().variation().equals(variation)
                              && o.cell().nominalClass() == c);
      String first = config.variations().get(0).name();
      List<Integer> complete = d.classes().stream().filter(c -> finished.test(first, c)).toList();
      List<String> ranked = new ArrayList<>();
      List<String> waiting = new ArrayList<>();
      for (SweepConfig.Variation v : config.variations()) {
        if (complete.stream().allMatch(c -> finished.test(v.name(), c))) {
          ranked.add(v.name());
        } else {
          waiting.add(v.name());
        }
      }
      int methods = ranked.size() + (d.baselines().isEmpty() ? 0 : 1);
      if (complete.size() < 2 || methods < 2) {
        if (last) {
          progress.accept(
              "sweep: " + d.name() + ": not ranked (needs 2 finished classes and 2 methods)");
        }
        continue;
      }
      // From the outcomes (the cells' records), not the cells' evaluation folders: a sweep resumed
      // from its records alone has none.
      List<ResultsTable.Cell> ours = new ArrayList<>();
      for (SweepTable.Outcome o : outcomes) {
        if (o.done()
            && o.cell().dataset().equals(d.name())
            && ranked.contains(o.cell().variation())) {
          ours.add(
              new ResultsTable.Cell(
                  o.cell().variation(), Integer.toString(o.cell().nominalClass()), o.value()));
        }
      }
      String title = config.title() + ": " + d.name() + " " + config.metric();
      RankJob.Ranking ranking =
          new RankJob(spark)
              .run(
                  RankConfig.builder(config.output() + "/rank/" + d.name(), config.metric())
                      .baselines(d.baselines())
                      .datasets(complete.stream().map(String::valueOf).toList())
                      .title(title)
                      .build(),
                  ours,
                  Map.of("sweep", config.output(), "cells", ours.size()));
      out.put(d.name(), new Ranked(ranking, waiting, title));
    }
    return out;
  }
}
