package io.fcddspark.spark.evaluate;

import io.fcddspark.metrics.AnomalyClassAuc;
import io.fcddspark.metrics.ExactAuc;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The sample AUC of a class's nominal test images against each anomalous class alone ({@link
 * AnomalyClassAuc}), from the scores table of {@link SampleScorer}. The scores of one class's test
 * set are one per image, so they are collected on the driver, grouped by class on the executors.
 */
final class AnomalyClassEvaluator {
  private AnomalyClassEvaluator() {}

  /**
   * One anomalous class's AUC.
   *
   * @param anomalousClass the class index of the anomalous images
   * @param auc the exact AUC of the nominal images against them
   * @param positives the class's anomalous images
   * @param negatives the nominal images
   */
  record ClassAuc(int anomalousClass, ExactAuc auc, long positives, long negatives) {}

  /**
   * The AUC against each anomalous class of {@code scored} (columns class_index, anomalous, score),
   * or an empty list where the anomalies come from fewer than two classes (MVTec-AD: the nominal
   * object's own defective images).
   */
  static List<ClassAuc> evaluate(Dataset<Row> scored) {
    List<Row> groups =
        scored
            .groupBy(functions.col("anomalous"), functions.col("class_index"))
            .agg(functions.collect_list(functions.col("score")).as("scores"))
            .collectAsList();
    List<double[]> nominal = new java.util.ArrayList<>();
    Map<Integer, double[]> anomalous = new HashMap<>();
    Map<Integer, Long> sizes = new HashMap<>();
    for (Row g : groups) {
      List<Double> list = g.getList(g.fieldIndex("scores"));
      double[] s = list.stream().mapToDouble(Double::doubleValue).toArray();
      if (g.<Long>getAs("anomalous") == 0) {
        nominal.add(s);
      } else {
        anomalous.merge(g.<Integer>getAs("class_index"), s, AnomalyClassEvaluator::concat);
      }
    }
    if (anomalous.size() < 2 || nominal.isEmpty()) {
      return List.of();
    }
    double[] negatives = nominal.stream().reduce(new double[0], AnomalyClassEvaluator::concat);
    anomalous.forEach((k, s) -> sizes.put(k, (long) s.length));
    SortedMap<Integer, ExactAuc> byClass = AnomalyClassAuc.of(negatives, anomalous);
    return byClass.entrySet().stream()
        .map(e -> new ClassAuc(e.getKey(), e.getValue(), sizes.get(e.getKey()), negatives.length))
        .toList();
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
