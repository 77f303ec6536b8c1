package io.fcddspark.spark.cli;

import io.fcddspark.evaluate.EvaluateResult;
import io.fcddspark.spark.evaluate.EvaluateJob;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The console lines of an evaluate run: one per model and metric, one per model for the AUCs
 * against each anomalous class (their count and the three hardest), and the closing line.
 */
final class EvaluateSummary {
  private EvaluateSummary() {}

  static List<String> lines(EvaluateResult result) {
    List<String> lines = new ArrayList<>();
    Map<String, List<EvaluateResult.Metric>> byClass = new LinkedHashMap<>();
    for (EvaluateResult.Metric m : result.metrics()) {
      if (m.metric().startsWith(EvaluateJob.ANOMALY_CLASS_AUC)) {
        byClass.computeIfAbsent(m.model(), k -> new ArrayList<>()).add(m);
      } else {
        lines.add(
            String.format(
                "evaluate: %s (epoch %d) %s %.4f", m.model(), m.epoch(), m.metric(), m.value()));
      }
    }
    byClass.forEach(
        (model, list) ->
            lines.add(
                String.format(
                    "evaluate: %s (epoch %d) sample_auc against each of %d anomalous classes"
                        + " (metrics.json), the hardest: %s",
                    model, list.get(0).epoch(), list.size(), String.join(", ", hardest(list)))));
    lines.add(
        String.format(
            "evaluate: %s; %d metrics%s",
            result.output(),
            result.metrics().size(),
            result.reused().isEmpty() ? "" : " (" + result.reused().size() + " models reused)"));
    return lines;
  }

  private static List<String> hardest(List<EvaluateResult.Metric> perClass) {
    return perClass.stream()
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
  }
}
