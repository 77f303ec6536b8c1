package io.fcddspark.pipeline;

import static io.fcddspark.config.ConfigLoader.orDefault;
import static io.fcddspark.config.ConfigLoader.required;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fcddspark.config.ConfigException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A sweep (YAML, {@code conf/sweep/}; keys in docs/sweep.md): the grid datasets × seeds ×
 * variations × classes, each cell one trained and evaluated model, for scheduled reproduction runs.
 * Each dataset is ingested once (with its OE corpus); each variation is a set of train and evaluate
 * overrides (e.g. synthetic confetti instead of OE, or the HSC head), ranked as its own method.
 *
 * @param output the sweep folder; required
 * @param title the results' title; default "FCDD sweep"
 * @param seeds training seeds per class; default [0]
 * @param datasets the datasets; required, at least one, names unique
 * @param variations the config variations; default one, "fcdd", with no overrides; names unique
 * @param metric the metric tabulated and ranked; default sample_auc
 * @param markdown a Markdown file the results table is also written to (e.g. docs/results.md);
 *     default none ({@code <output>/results.md} is always written)
 * @param notes paragraphs printed on the results page under how it was made (e.g. why this OE
 *     corpus); default none
 * @param order the run order of a dataset's cells, {@code seeds} or {@code variations}; default
 *     {@code seeds}
 * @param records a folder (any Hadoop path: the repository, an object store) that keeps a copy of
 *     every finished cell's record; a cell whose own folder has no record of its key is reused from
 *     there, so a sweep resumes on a new machine or clone from its records alone; default none
 */
public record SweepConfig(
    String output,
    String title,
    List<Long> seeds,
    List<Dataset> datasets,
    List<Variation> variations,
    String metric,
    String markdown,
    List<String> notes,
    Order order,
    String records)
    implements Serializable {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public SweepConfig {
    required(output, "output");
    title = orDefault(title, "FCDD sweep");
    seeds = List.copyOf(orDefault(seeds, List.of(0L)));
    if (seeds.isEmpty() || new HashSet<>(seeds).size() != seeds.size()) {
      throw new ConfigException("Cannot set seeds to " + seeds + ", name distinct seeds");
    }
    datasets = List.copyOf(required(datasets, "datasets"));
    if (datasets.isEmpty()) {
      throw new ConfigException("Cannot set datasets to [], name at least one dataset");
    }
    unique(datasets.stream().map(Dataset::name).toList(), "datasets");
    variations =
        List.copyOf(orDefault(variations, List.of(new Variation("fcdd", null, null, null, null))));
    if (variations.isEmpty()) {
      throw new ConfigException("Cannot set variations to [], leave it out for one plain run");
    }
    unique(variations.stream().map(Variation::name).toList(), "variations");
    metric = orDefault(metric, "sample_auc");
    notes = List.copyOf(orDefault(notes, List.of()));
    order = orDefault(order, Order.SEEDS);
  }

  /** The run order of a dataset's cells: what a sweep stopped early already has. */
  public enum Order {
    /**
     * Seed by seed (every variation of the first seed first): a whole table for the first seeds.
     */
    @JsonProperty("seeds")
    SEEDS,
    /**
     * Variation by variation (every seed of the first variation first): the first variation's
     * column with all its seeds, before any baseline.
     */
    @JsonProperty("variations")
    VARIATIONS,
    /**
     * The first variation with every seed first (the target column), then the others seed by seed:
     * every baseline has a first seed before any has a second.
     */
    @JsonProperty("first-variation")
    FIRST_VARIATION
  }

  /**
   * One dataset: its ingest, OE corpus, train and evaluate configs and the published results it is
   * compared with.
   *
   * @param name the dataset's name in the sweep (a folder name); required
   * @param classes the nominal classes; required, distinct
   * @param ingest the data's ingest config (output set to {@code <output>/ingest/<name>}); required
   *     unless {@code input} is set
   * @param input an existing ingest output to use instead of ingesting; default none
   * @param outlierExposure the OE corpus's ingest config ({@code <output>/ingest/<name>-oe});
   *     default none
   * @param outlierExposureInput an existing ingest output to use as the OE corpus instead (e.g.
   *     ImageNet-22k ingested once for many sweeps); default none
   * @param train the train config (per cell: output, data.input, data.nominalClass, seed and, with
   *     an OE corpus, outlierExposure.input); required
   * @param evaluate the evaluate config (per cell: model); required
   * @param baselines published tables (conf/baselines) ranked with the variations; default none
   * @param paperMethod the baselines' column shown beside ours; default FCDD
   */
  public record Dataset(
      String name,
      List<Integer> classes,
      PipelineConfig.Stage ingest,
      String input,
      PipelineConfig.Stage outlierExposure,
      String outlierExposureInput,
      PipelineConfig.Stage train,
      PipelineConfig.Stage evaluate,
      List<String> baselines,
      String paperMethod)
      implements Serializable {
    public Dataset {
      checkName(required(name, "datasets[].name"), "dataset");
      classes = List.copyOf(required(classes, "datasets[].classes"));
      if (classes.isEmpty() || new HashSet<>(classes).size() != classes.size()) {
        throw new ConfigException(
            "Cannot set classes of dataset " + name + " to " + classes + ", name distinct classes");
      }
      if ((ingest == null) == (input == null)) {
        throw new ConfigException(
            "Dataset "
                + name
                + ": set exactly one of ingest (a config to ingest) and input (an"
                + " ingest output)");
      }
      if (outlierExposure != null && outlierExposureInput != null) {
        throw new ConfigException(
            "Dataset " + name + ": set at most one of outlierExposure and outlierExposureInput");
      }
      required(train, "datasets[].train");
      required(evaluate, "datasets[].evaluate");
      baselines = List.copyOf(orDefault(baselines, List.of()));
      paperMethod = orDefault(paperMethod, "FCDD");
    }
  }

  /**
   * One variation of the train and evaluate configs, ranked as the method {@code name}.
   *
   * @param name the method's name (a folder name); required
   * @param description one line for the results table; default none
   * @param outlierExposure whether the cells use the dataset's OE corpus (false: the train config's
   *     {@code outlierExposure} is removed); default true
   * @param train train overrides, applied after the dataset's and the sweep's own; default none
   * @param evaluate evaluate overrides; default none
   */
  public record Variation(
      String name,
      String description,
      Boolean outlierExposure,
      List<String> train,
      List<String> evaluate)
      implements Serializable {
    public Variation {
      checkName(required(name, "variations[].name"), "variation");
      description = orDefault(description, "");
      outlierExposure = orDefault(outlierExposure, true);
      train = List.copyOf(orDefault(train, List.of()));
      evaluate = List.copyOf(orDefault(evaluate, List.of()));
    }
  }

  /**
   * The grid's cells in run order: dataset by dataset, then as {@link #order()} says (seed by seed,
   * variation by variation, or the first variation and then seed by seed), class by class.
   */
  public List<SweepCell> cells() {
    List<SweepCell> out = new ArrayList<>();
    for (Dataset d : datasets) {
      switch (order) {
        case SEEDS -> seedBySeed(out, d, variations);
        case VARIATIONS -> {
          for (Variation v : variations) {
            seedBySeed(out, d, List.of(v));
          }
        }
        case FIRST_VARIATION -> {
          seedBySeed(out, d, variations.subList(0, 1));
          seedBySeed(out, d, variations.subList(1, variations.size()));
        }
      }
    }
    return out;
  }

  private void seedBySeed(List<SweepCell> out, Dataset d, List<Variation> these) {
    for (long seed : seeds) {
      for (Variation v : these) {
        addClasses(out, d, v, seed);
      }
    }
  }

  private static void addClasses(List<SweepCell> out, Dataset d, Variation v, long seed) {
    for (int c : d.classes()) {
      out.add(new SweepCell(d.name(), v.name(), c, seed));
    }
  }

  /** The dataset called {@code name}. */
  public Dataset dataset(String name) {
    return datasets.stream()
        .filter(d -> d.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No dataset " + name));
  }

  /** The variation called {@code name}. */
  public Variation variation(String name) {
    return variations.stream()
        .filter(v -> v.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No variation " + name));
  }

  /** Where a dataset's images are: its {@code input}, or where the sweep ingests them. */
  public String dataOf(Dataset d) {
    return d.input() != null ? d.input() : output + "/ingest/" + d.name();
  }

  /** Where a dataset's OE corpus is, or null for none. */
  public String outlierExposureOf(Dataset d) {
    if (d.outlierExposureInput() != null) {
      return d.outlierExposureInput();
    }
    return d.outlierExposure() == null ? null : output + "/ingest/" + d.name() + "-oe";
  }

  /** Where {@code records} keeps the copy of {@code cell}'s record. */
  public String recordOf(SweepCell cell) {
    if (records == null) {
      throw new IllegalStateException("The sweep keeps no records (set records)");
    }
    return String.format(
        "%s/%s/%s/class-%02d-seed-%d.json",
        records, cell.dataset(), cell.variation(), cell.nominalClass(), cell.seed());
  }

  /** The folder of {@code cell}'s models, evaluation and record ({@code cell.json}). */
  public String folderOf(SweepCell cell) {
    return String.format(
        "%s/cells/%s/%s/class-%02d-seed-%d",
        output, cell.dataset(), cell.variation(), cell.nominalClass(), cell.seed());
  }

  private static void checkName(String name, String what) {
    if (!NAME.matcher(name).matches()) {
      throw new ConfigException(
          "Cannot name a " + what + " '" + name + "': use letters, digits, '.', '_' and '-'");
    }
  }

  private static void unique(List<String> names, String key) {
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      if (!seen.add(n)) {
        throw new ConfigException("Cannot set " + key + ": the name '" + n + "' is used twice");
      }
    }
  }
}
