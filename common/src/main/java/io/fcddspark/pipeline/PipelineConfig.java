package io.fcddspark.pipeline;

import static io.fcddspark.config.ConfigLoader.orDefault;
import static io.fcddspark.config.ConfigLoader.required;

import io.fcddspark.config.ConfigException;
import java.io.Serializable;
import java.util.List;

/**
 * The whole-pipeline config (YAML, {@code conf/pipeline/}; keys in docs/pipeline.md): ingest the
 * data and an OE corpus, train one model per class and seed, evaluate each, rank them against a
 * published table, and write the HTML report. Each stage names its job's own config file and
 * overrides; the pipeline sets the keys that wire the stages together (outputs, inputs, class,
 * seed), so every stage stays runnable alone with the same file.
 *
 * @param output the run folder; required
 * @param title the report's title; default "FCDD"
 * @param classes the nominal classes; required, at least 2 (the ranking needs 2 datasets)
 * @param seeds training seeds per class; default [0]
 * @param ingest the data's ingest config (output set to {@code <output>/ingest/data}); required
 * @param outlierExposure the OE corpus's ingest config ({@code <output>/ingest/oe}); default none
 * @param train the train config (per run: output, data.input, data.nominalClass, seed and, with an
 *     OE corpus, outlierExposure.input); required
 * @param evaluate the evaluate config (per run: model); required
 * @param rank the ranking against published results
 */
public record PipelineConfig(
    String output,
    String title,
    List<Integer> classes,
    List<Long> seeds,
    Stage ingest,
    Stage outlierExposure,
    Stage train,
    Stage evaluate,
    Rank rank)
    implements Serializable {
  public PipelineConfig {
    required(output, "output");
    title = orDefault(title, "FCDD");
    classes = List.copyOf(required(classes, "classes"));
    if (classes.size() < 2 || classes.stream().distinct().count() != classes.size()) {
      throw new ConfigException(
          "Cannot set classes to " + classes + ", it needs at least 2 distinct classes");
    }
    seeds = List.copyOf(orDefault(seeds, List.of(0L)));
    if (seeds.isEmpty()) {
      throw new ConfigException("Cannot set seeds to [], name at least one seed");
    }
    required(ingest, "ingest");
    required(train, "train");
    required(evaluate, "evaluate");
    rank = orDefault(rank, new Rank(null, null, null, null));
  }

  /**
   * One stage: a job config file and its overrides.
   *
   * @param config the job's YAML file; required
   * @param set overrides (key=value), applied before the pipeline's own
   */
  public record Stage(String config, List<String> set) implements Serializable {
    public Stage {
      required(config, "config");
      set = List.copyOf(orDefault(set, List.of()));
    }
  }

  /**
   * The ranking.
   *
   * @param metric the metric ranked; default sample_auc
   * @param method our method's name; default fcdd-spark
   * @param baselines published tables (conf/baselines); default none
   * @param paperMethod the baselines' column the report puts beside ours; default FCDD
   */
  public record Rank(String metric, String method, List<String> baselines, String paperMethod)
      implements Serializable {
    public Rank {
      metric = orDefault(metric, "sample_auc");
      method = orDefault(method, "fcdd-spark");
      baselines = List.copyOf(orDefault(baselines, List.of()));
      paperMethod = orDefault(paperMethod, "FCDD");
    }
  }

  /** The run folder of a class and seed. */
  public String runOf(int nominalClass, long seed) {
    return String.format("%s/runs/class-%02d-seed-%d", output, nominalClass, seed);
  }
}
