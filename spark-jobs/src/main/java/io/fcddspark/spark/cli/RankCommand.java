package io.fcddspark.spark.cli;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.job.Job;
import io.fcddspark.rank.RankAnalysis;
import io.fcddspark.rank.RankConfig;
import io.fcddspark.spark.rank.RankJob;
import java.io.PrintWriter;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

/** {@code fcdd rank}: critical-difference statistics and diagrams of methods across datasets. */
@Command(
    name = "rank",
    mixinStandardHelpOptions = true,
    description = {
      "Ranks methods across datasets from evaluate outputs and published tables: Friedman,"
          + " Iman-Davenport, Nemenyi and Wilcoxon-Holm, with critical-difference diagrams.",
      "Keys of the config file: docs/rank.md. Precedence: --set > file > default."
    })
public final class RankCommand extends JobCommand<RankConfig, RankAnalysis> {
  public RankCommand() {
    super(
        (file, overrides) ->
            ConfigLoader.load(file, overrides, RankConfig.class).requireSomethingToRank(),
        RankConfig::output);
  }

  @Override
  Job<RankConfig, RankAnalysis> job(SparkSession spark, PrintWriter out) {
    return new RankJob(spark);
  }

  @Override
  int print(RankConfig config, RankAnalysis a, PrintWriter out) {
    a.ranking().forEach(line -> out.println("rank: " + line));
    out.printf(
        Locale.ROOT,
        "rank: %s; %d methods on %d datasets, Friedman p = %.3g, Nemenyi CD = %.3f, %d"
            + " Wilcoxon-Holm cliques%n",
        config.output(),
        a.methods().size(),
        a.datasets().size(),
        a.friedman().pValue(),
        a.criticalDifference(),
        a.wilcoxonCliques().size());
    return 0;
  }
}
