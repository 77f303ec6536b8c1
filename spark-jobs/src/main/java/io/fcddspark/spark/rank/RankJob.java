package io.fcddspark.spark.rank;

import io.fcddspark.config.ConfigException;
import io.fcddspark.job.Job;
import io.fcddspark.rank.BaselineTable;
import io.fcddspark.rank.CdDiagram;
import io.fcddspark.rank.RankAnalysis;
import io.fcddspark.rank.RankConfig;
import io.fcddspark.rank.RankReport;
import io.fcddspark.rank.ResultsTable;
import io.fcddspark.spark.HadoopFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Ranks methods across datasets: the evaluate job's metrics tables (each evaluation one method,
 * seeds averaged per class) merged with published tables, analysed in {@code common} ({@link
 * RankAnalysis}), written under the config's output:
 *
 * <ul>
 *   <li>{@code rank.json}: the table ranked, average ranks, Friedman and Iman–Davenport, Nemenyi
 *       critical differences and pairwise p-values, Wilcoxon p-values raw and Holm-adjusted, the
 *       cliques by name, and where each number came from;
 *   <li>{@code ranks/} (Parquet): one row per method (average rank, position, mean score);
 *   <li>{@code results.csv}: the merged table in the baseline format, for reuse;
 *   <li>{@code cd-nemenyi.{svg,png}} and {@code cd-wilcoxon-holm.{svg,png}}.
 * </ul>
 */
public final class RankJob implements Job<RankConfig, RankAnalysis> {
  /** The ranks table's schema. */
  public static final StructType RANKS =
      new StructType()
          .add("method", DataTypes.StringType)
          .add("position", DataTypes.IntegerType)
          .add("average_rank", DataTypes.DoubleType)
          .add("mean_score", DataTypes.DoubleType)
          .add("datasets", DataTypes.IntegerType);

  private final SparkSession spark;
  private final Configuration hadoop;

  public RankJob(SparkSession spark) {
    this.spark = spark;
    this.hadoop = spark.sparkContext().hadoopConfiguration();
  }

  @Override
  public RankAnalysis run(RankConfig config) {
    return run(config, List.of(), null).analysis();
  }

  /**
   * A ranking and the table it ranked.
   *
   * @param table the merged results (methods × datasets, seeds averaged)
   * @param analysis its statistics
   */
  public record Ranking(ResultsTable table, RankAnalysis analysis) {}

  /**
   * The Wilcoxon–Holm CD diagram as {@code cd-wilcoxon-holm.svg} draws it, for copies elsewhere.
   */
  public static CdDiagram wilcoxonHolmDiagram(RankAnalysis a, String title) {
    return CdDiagram.wilcoxonHolm(a, title + " — Wilcoxon–Holm");
  }

  /**
   * As {@link #run(RankConfig)}, with {@code given} results (one cell per method, dataset and seed,
   * e.g. a sweep's from its cell records) ranked beside the config's evaluations and baselines.
   *
   * @param givenSource what the given results are, for rank.json's sources (null when none)
   */
  public Ranking run(
      RankConfig config, List<ResultsTable.Cell> given, Map<String, Object> givenSource) {
    if (given.isEmpty()) {
      config.requireSomethingToRank();
    }
    List<ResultsTable.Cell> cells = new ArrayList<>(given);
    List<Map<String, Object>> sources = new ArrayList<>();
    if (givenSource != null) {
      sources.add(givenSource);
    }
    for (RankConfig.Evaluation e : config.evaluations()) {
      List<ResultsTable.Cell> ours = evaluationCells(e, config.metric());
      cells.addAll(ours);
      sources.add(
          Map.of(
              "evaluation",
              e.path(),
              "method",
              e.method(),
              "model",
              e.model(),
              "values",
              ours.size()));
    }
    for (String b : config.baselines()) {
      BaselineTable t = BaselineTable.read(Path.of(b));
      if (t.metric() != null && !t.metric().equals(config.metric())) {
        throw new ConfigException(
            String.format(
                "Baseline %s holds %s, this ranking compares %s", b, t.metric(), config.metric()));
      }
      cells.addAll(t.cells());
      sources.add(Map.of("baseline", b, "methods", t.methods()));
    }
    if (config.methods() != null) {
      List<ResultsTable.Cell> kept = new ArrayList<>();
      for (String m : config.methods()) {
        List<ResultsTable.Cell> of = cells.stream().filter(c -> c.method().equals(m)).toList();
        if (of.isEmpty()) {
          throw new ConfigException(
              "Method '" + m + "' of methods is in no evaluation or baseline");
        }
        kept.addAll(of);
      }
      cells = kept;
    }
    if (config.datasets() != null) {
      java.util.Set<String> wanted = java.util.Set.copyOf(config.datasets());
      java.util.Set<String> present = new java.util.HashSet<>();
      cells.forEach(c -> present.add(c.dataset()));
      for (String d : config.datasets()) {
        if (!present.contains(d)) {
          throw new ConfigException(
              "Dataset '" + d + "' of datasets is in no evaluation or baseline");
        }
      }
      cells = cells.stream().filter(c -> wanted.contains(c.dataset())).toList();
    }
    ResultsTable table = ResultsTable.of(cells);
    RankAnalysis a =
        RankAnalysis.of(table, config.higherIsBetter(), config.alpha(), config.zeroMethod());
    write(config, table, a, sources);
    return new Ranking(table, a);
  }

  private List<ResultsTable.Cell> evaluationCells(RankConfig.Evaluation e, String metric) {
    String table = e.path() + "/metrics";
    Dataset<Row> rows;
    try {
      rows = spark.read().parquet(table);
    } catch (RuntimeException ex) {
      throw new ConfigException(
          "Cannot read the evaluate metrics " + table + ": " + ex.getMessage(), ex);
    }
    List<Row> selected =
        rows.filter(
                functions
                    .col("metric")
                    .equalTo(metric)
                    .and(functions.col("model").equalTo(e.model())))
            .select("nominal_class", "seed", "value")
            .orderBy("nominal_class", "seed")
            .collectAsList();
    if (selected.isEmpty()) {
      throw new ConfigException(
          String.format("Evaluation %s has no %s of model '%s'", e.path(), metric, e.model()));
    }
    List<ResultsTable.Cell> out = new ArrayList<>();
    for (Row r : selected) {
      out.add(
          new ResultsTable.Cell(
              e.method(),
              e.datasetOf(r.<Integer>getAs("nominal_class")),
              r.<Double>getAs("value")));
    }
    return out;
  }

  private void write(
      RankConfig config, ResultsTable table, RankAnalysis a, List<Map<String, Object>> sources) {
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(config.output());
    List<String> m = a.methods();
    HadoopFiles.writeBytes(
        hadoop,
        new org.apache.hadoop.fs.Path(out, RankReport.FILE),
        RankReport.of(config, sources, table, a).toJson());

    List<Row> rows = new ArrayList<>();
    for (int pos = 0; pos < a.order().length; pos++) {
      int i = a.order()[pos];
      rows.add(
          RowFactory.create(
              m.get(i), pos + 1, a.ranks().average()[i], table.mean(i), a.datasets().size()));
    }
    spark
        .createDataFrame(rows, RANKS)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(new org.apache.hadoop.fs.Path(out, "ranks").toString());

    StringBuilder csv = new StringBuilder();
    csv.append("# Merged by the rank job from: ").append(sources).append('\n');
    csv.append("# metric: ").append(config.metric()).append('\n');
    csv.append("dataset,").append(String.join(",", m)).append('\n');
    for (int d = 0; d < a.datasets().size(); d++) {
      csv.append(a.datasets().get(d));
      for (double v : table.scores()[d]) {
        csv.append(',').append(v);
      }
      csv.append('\n');
    }
    bytes(out, "results.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    CdDiagram nem = CdDiagram.nemenyi(a, config.title() + " — Nemenyi");
    CdDiagram wil = wilcoxonHolmDiagram(a, config.title());
    bytes(out, "cd-nemenyi.svg", nem.svg().getBytes(StandardCharsets.UTF_8));
    bytes(out, "cd-nemenyi.png", nem.png(2));
    bytes(out, "cd-wilcoxon-holm.svg", wil.svg().getBytes(StandardCharsets.UTF_8));
    bytes(out, "cd-wilcoxon-holm.png", wil.png(2));
  }

  private void bytes(org.apache.hadoop.fs.Path dir, String name, byte[] b) {
    HadoopFiles.writeBytes(hadoop, new org.apache.hadoop.fs.Path(dir, name), b);
  }
}
