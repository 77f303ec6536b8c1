package io.fcddspark.spark.cli;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.rank.RankAnalysis;
import io.fcddspark.rank.RankConfig;
import io.fcddspark.spark.rank.RankJob;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fcdd rank}: critical-difference statistics and diagrams of methods across datasets. */
@Command(
    name = "rank",
    mixinStandardHelpOptions = true,
    description = {
      "Ranks methods across datasets from evaluate outputs and published tables: Friedman,"
          + " Iman-Davenport, Nemenyi and Wilcoxon-Holm, with critical-difference diagrams.",
      "Keys of the config file: docs/rank.md. Precedence: --set > file > default."
    })
public final class RankCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin JobOptions job;

  @Override
  public Integer call() {
    RankConfig config = ConfigLoader.load(job.config, job.overrides, RankConfig.class);
    try (CommandRun run =
        CommandRun.start(job, "rank", "local[*]", config.output(), spec.commandLine())) {
      SparkSession spark = run.spark();
      RankAnalysis a = new RankJob(spark).run(config);
      var out = spec.commandLine().getOut();
      for (int pos = 0; pos < a.order().length; pos++) {
        int m = a.order()[pos];
        out.printf(
            Locale.ROOT,
            "rank: %2d. %s (%.2f)%n",
            pos + 1,
            a.methods().get(m),
            a.ranks().average()[m]);
      }
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
      out.flush();
      return 0;
    }
  }
}
