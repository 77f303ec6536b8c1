package io.fcddspark.spark.cli;

import io.fcddspark.evaluate.EvaluateConfig;
import io.fcddspark.evaluate.EvaluateResult;
import io.fcddspark.job.Job;
import io.fcddspark.spark.evaluate.EvaluateJob;
import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

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
public final class EvaluateCommand extends JobCommand<EvaluateConfig, EvaluateResult> {
  public EvaluateCommand() {
    super(ConfigFileLoader.of(EvaluateConfig.class), EvaluateConfig::output);
  }

  @Override
  Job<EvaluateConfig, EvaluateResult> job(SparkSession spark, PrintWriter out) {
    return new EvaluateJob(spark);
  }

  @Override
  int print(EvaluateConfig config, EvaluateResult result, PrintWriter out) {
    EvaluateSummary.lines(result).forEach(out::println);
    return 0;
  }
}
