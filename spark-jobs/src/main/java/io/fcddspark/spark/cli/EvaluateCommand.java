package io.fcddspark.spark.cli;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.evaluate.EvaluateConfig;
import io.fcddspark.spark.evaluate.EvaluateJob;
import io.fcddspark.spark.evaluate.EvaluateResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    try (CommandRun run =
        CommandRun.start(job, "evaluate", "local[*]", config.output(), spec.commandLine())) {
      SparkSession spark = run.spark();
      EvaluateResult r = new EvaluateJob(spark).run(config);
      // The AUC per anomalous class is one line per model: its count and hardest classes.
      Map<String, List<EvaluateResult.Metric>> byClass = new LinkedHashMap<>();
      for (EvaluateResult.Metric m : r.metrics()) {
        if (m.metric().startsWith(EvaluateJob.ANOMALY_CLASS_AUC)) {
          byClass.computeIfAbsent(m.model(), k -> new ArrayList<>()).add(m);
          continue;
        }
        spec.commandLine()
            .getOut()
            .printf(
                "evaluate: %s (epoch %d) %s %.4f%n", m.model(), m.epoch(), m.metric(), m.value());
      }
      byClass.forEach(
          (model, list) -> {
            List<String> hardest =
                list.stream()
                    .sorted(Comparator.comparingDouble(EvaluateResult.Metric::value))
                    .limit(3)
                    .map(
                        m ->
                            String.format(
                                Locale.ROOT,
                                "%s %.4f",
                                m.metric().substring(EvaluateJob.ANOMALY_CLASS_AUC.length()),
                                m.value()))
                    .toList();
            spec.commandLine()
                .getOut()
                .printf(
                    "evaluate: %s (epoch %d) sample_auc against each of %d anomalous classes"
                        + " (metrics.json), the hardest: %s%n",
                    model, list.get(0).epoch(), list.size(), String.join(", ", hardest));
          });
      spec.commandLine()
          .getOut()
          .printf(
              "evaluate: %s; %d metrics%s%n",
              r.output(),
              r.metrics().size(),
              r.reused().isEmpty() ? "" : " (" + r.reused().size() + " models reused)");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
