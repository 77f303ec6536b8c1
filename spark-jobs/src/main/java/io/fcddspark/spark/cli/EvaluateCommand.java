package io.fcddspark.spark.cli;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.evaluate.EvaluateConfig;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.spark.evaluate.EvaluateJob;
import io.fcddspark.spark.evaluate.EvaluateResult;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fcdd evaluate}: scores a trained model's test split and writes its metrics. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluates trained FCDD models on their test split with Spark: exact sample and pooled"
          + " pixel ROC-AUC, average precision, AUPRO, ROC curves and heatmap figures; models"
          + " already evaluated with the same settings are reused.",
      "Keys of the config file: docs/evaluate.md. Precedence: --set > file > default."
    })
public final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin JobOptions job;

  @Override
  public Integer call() {
    EvaluateConfig config = ConfigLoader.load(job.config, job.overrides, EvaluateConfig.class);
    SparkSession spark = SparkSessions.forCommand(job.master("local[*]"), "fcdd-evaluate");
    try {
      EvaluateResult r = new EvaluateJob(spark).run(config);
      for (EvaluateResult.Metric m : r.metrics()) {
        spec.commandLine()
            .getOut()
            .printf(
                "evaluate: %s (epoch %d) %s %.4f%n", m.model(), m.epoch(), m.metric(), m.value());
      }
      spec.commandLine()
          .getOut()
          .printf(
              "evaluate: %s; %d metrics%s%n",
              r.output(),
              r.metrics().size(),
              r.reused().isEmpty() ? "" : " (" + r.reused().size() + " models reused)");
      spec.commandLine().getOut().flush();
      return 0;
    } finally {
      spark.stop();
    }
  }
}
