package io.fcddspark.rank;

import static io.fcddspark.config.ConfigLoader.orDefault;
import static io.fcddspark.config.ConfigLoader.required;

import io.fcddspark.config.ConfigException;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * The rank job's config (YAML, {@code conf/rank/}; keys in docs/rank.md).
 *
 * @param output where the statistics and diagrams go; required
 * @param metric the metric compared, e.g. sample_auc or pixel_auc; required
 * @param evaluations evaluate outputs, each one method; default none
 * @param baselines result tables in the {@link BaselineTable} format (published methods, or any CSV
 *     of results); default none
 * @param methods only these methods, in this order; default all
 * @param datasets only these datasets (e.g. the classes a sweep ran, against a published table of
 *     all classes); default all
 * @param higherIsBetter whether a higher score ranks better; default true
 * @param alpha significance level of the cliques, 0.05 or 0.10; default 0.05
 * @param zeroMethod the Wilcoxon test's zero handling: pratt (default, as hfawaz's cd-diagram and
 *     the reproduction report), wilcox or zsplit
 * @param title the diagrams' title; default the metric
 */
public record RankConfig(
    String output,
    String metric,
    List<Evaluation> evaluations,
    List<String> baselines,
    List<String> methods,
    List<String> datasets,
    Boolean higherIsBetter,
    Double alpha,
    String zeroMethod,
    String title)
    implements Serializable {
  public RankConfig {
    required(output, "output");
    required(metric, "metric");
    evaluations = List.copyOf(orDefault(evaluations, List.of()));
    baselines = List.copyOf(orDefault(baselines, List.of()));
    if (evaluations.isEmpty() && baselines.isEmpty()) {
      throw new ConfigException("Set evaluations or baselines: there is nothing to rank");
    }
    methods = methods == null ? null : List.copyOf(methods);
    datasets = datasets == null ? null : List.copyOf(datasets);
    higherIsBetter = orDefault(higherIsBetter, true);
    alpha = orDefault(alpha, 0.05);
    if (alpha != 0.05 && alpha != 0.10) {
      throw new ConfigException("Cannot set alpha to " + alpha + ", it must be 0.05 or 0.10");
    }
    zeroMethod = orDefault(zeroMethod, "pratt");
    parseZeroMethod(zeroMethod);
    title = orDefault(title, metric);
  }

  /** The zero method as the test's enum. */
  public WilcoxonSignedRank.ZeroMethod zeroMethodSpec() {
    return parseZeroMethod(zeroMethod);
  }

  private static WilcoxonSignedRank.ZeroMethod parseZeroMethod(String zeroMethod) {
    try {
      return WilcoxonSignedRank.ZeroMethod.valueOf(zeroMethod.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "Cannot set zeroMethod to '" + zeroMethod + "', it must be pratt, wilcox or zsplit", e);
    }
  }

  /**
   * One evaluate output as one method.
   *
   * @param path the evaluate job's output folder (its {@code metrics} table); required
   * @param method the method's name in the tables and diagrams; required
   * @param model which model's rows: "model" (default) or a snapshot name
   * @param classNames dataset names by class index (e.g. MVTec-AD's objects in index order, as in
   *     the baseline tables); default the class index
   */
  public record Evaluation(String path, String method, String model, List<String> classNames)
      implements Serializable {
    public Evaluation {
      required(path, "evaluations.path");
      required(method, "evaluations.method");
      model = orDefault(model, "model");
      classNames = classNames == null ? null : List.copyOf(classNames);
    }

    /** The dataset name of class {@code index}. */
    public String datasetOf(int index) {
      if (classNames == null) {
        return Integer.toString(index);
      }
      if (index < 0 || index >= classNames.size()) {
        throw new ConfigException(
            String.format(
                "Evaluation %s has class %d, classNames names only %d classes",
                path, index, classNames.size()));
      }
      return classNames.get(index);
    }
  }
}
