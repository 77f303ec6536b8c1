package io.fcddspark.rank;

import static io.fcddspark.config.ConfigLoader.orDefault;
import static io.fcddspark.config.ConfigLoader.required;

import io.fcddspark.config.ConfigException;
import java.io.Serializable;
import java.util.List;

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
    WilcoxonSignedRank.ZeroMethod zeroMethod,
    String title)
    implements Serializable {
  public RankConfig {
    required(output, "output");
    required(metric, "metric");
    evaluations = List.copyOf(orDefault(evaluations, List.of()));
    baselines = List.copyOf(orDefault(baselines, List.of()));
    methods = methods == null ? null : List.copyOf(methods);
    datasets = datasets == null ? null : List.copyOf(datasets);
    higherIsBetter = orDefault(higherIsBetter, true);
    alpha = orDefault(alpha, 0.05);
    if (alpha != 0.05 && alpha != 0.10) {
      throw new ConfigException("Cannot set alpha to " + alpha + ", it must be 0.05 or 0.10");
    }
    zeroMethod = orDefault(zeroMethod, WilcoxonSignedRank.ZeroMethod.PRATT);
    title = orDefault(title, metric);
  }

  /**
   * A config built in code: {@code output} and {@code metric}, every key not set at its default.
   */
  /**
   * This config, when it names something to rank (a config file must; a sweep passes its own cells
   * besides).
   */
  public RankConfig requireSomethingToRank() {
    if (evaluations.isEmpty() && baselines.isEmpty()) {
      throw new ConfigException("Set evaluations or baselines: there is nothing to rank");
    }
    return this;
  }

  public static Builder builder(String output, String metric) {
    return new Builder(output, metric);
  }

  /** Builds a {@link RankConfig} key by key. */
  public static final class Builder {
    private final String output;
    private final String metric;
    private List<Evaluation> evaluations;
    private List<String> baselines;
    private List<String> datasets;
    private String title;

    private Builder(String output, String metric) {
      this.output = output;
      this.metric = metric;
    }

    /** The evaluate outputs ranked, each one method. */
    public Builder evaluations(List<Evaluation> evaluations) {
      this.evaluations = evaluations;
      return this;
    }

    /** The result tables ranked beside them. */
    public Builder baselines(List<String> baselines) {
      this.baselines = baselines;
      return this;
    }

    /** Only these datasets. */
    public Builder datasets(List<String> datasets) {
      this.datasets = datasets;
      return this;
    }

    /** The diagrams' title. */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /** The config, validated as a file's would be. */
    public RankConfig build() {
      return new RankConfig(
          output, metric, evaluations, baselines, null, datasets, null, null, null, title);
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
