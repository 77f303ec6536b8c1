package io.fcddspark.spark.evaluate;

import io.fcddspark.config.ConfigException;
import io.fcddspark.evaluate.EvaluateConfig;
import io.fcddspark.evaluate.EvaluateResult;
import io.fcddspark.evaluate.EvaluationSummary;
import io.fcddspark.evaluate.ModelEvaluation;
import io.fcddspark.evaluate.PixelMaps;
import io.fcddspark.evaluate.RocCurves;
import io.fcddspark.job.Job;
import io.fcddspark.metrics.ExactAuc;
import io.fcddspark.metrics.RocSweep;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.provenance.CodeVersion;
import io.fcddspark.provenance.RecordJson;
import io.fcddspark.spark.HadoopFileStore;
import io.fcddspark.spark.HadoopFiles;
import io.fcddspark.spark.cluster.SparkRun;
import io.fcddspark.spark.train.TrainingData;
import io.fcddspark.train.ModelMetadata;
import io.fcddspark.train.ModelStore;
import io.fcddspark.train.TrainConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates trained models on their test split, distributed. For each model of the config, under
 * {@code <output>/<model name>/}:
 *
 * <ul>
 *   <li>{@code scores/} (Parquet): per test image its score, u&times;v heatmap and label;
 *   <li>{@code metrics.json}: sample ROC-AUC (exact fraction) and average precision, the sample
 *       ROC-AUC against each anomalous class alone ({@code sample_auc_vs_class_<k>}), and for
 *       datasets with masks the pooled pixel ROC-AUC, average precision and AUPRO, with provenance
 *       (model file hash, training fingerprint, test data manifest, code version, settings);
 *   <li>{@code curves.json}: the down-sampled sample and pixel ROC curves;
 *   <li>{@code heatmaps.png}: the App. C figure ({@link HeatmapFigures}).
 * </ul>
 *
 * <p>and {@code <output>/metrics} (Parquet) and {@code metrics.json} with every model's rows. A
 * model whose {@code metrics.json} is there for the same model file and settings is not evaluated
 * again, so a killed run resumes and a finished one is a no-op.
 */
public final class EvaluateJob implements Job<EvaluateConfig, EvaluateResult> {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);

  /** The metrics table's schema (the fields of {@link EvaluateResult.Metric}). */
  public static final StructType METRICS =
      new StructType()
          .add("dataset", DataTypes.StringType)
          .add("nominal_class", DataTypes.IntegerType)
          .add("seed", DataTypes.LongType)
          .add("model", DataTypes.StringType)
          .add("epoch", DataTypes.IntegerType)
          .add("metric", DataTypes.StringType)
          .add("value", DataTypes.DoubleType)
          .add("exact", DataTypes.StringType)
          .add("positives", DataTypes.LongType)
          .add("negatives", DataTypes.LongType);

  /** The metric name of the sample AUC against one anomalous class: this prefix and the class. */
  public static final String ANOMALY_CLASS_AUC = EvaluateResult.ANOMALY_CLASS_AUC;

  private final SparkSession spark;
  private final Configuration hadoop;

  public EvaluateJob(SparkSession spark) {
    this.spark = spark;
    this.hadoop = spark.sparkContext().hadoopConfiguration();
  }

  @Override
  public EvaluateResult run(EvaluateConfig config) {
    Instant started = Instant.now();
    ModelStore store = new ModelStore(new HadoopFileStore(hadoop));
    TrainConfig train = store.trainConfig(config.model());
    String data = config.data() != null ? config.data() : train.data().input();
    List<String> names = modelNames(config, store);
    Map<String, String> testData = new TrainingData(spark).manifestIdentity(data);
    List<EvaluateResult.Metric> all = new ArrayList<>();
    List<String> reused = new ArrayList<>();
    for (String name : names) {
      ModelMetadata meta = store.metadata(config.model(), name);
      ModelEvaluation.Provenance asked =
          new ModelEvaluation.Provenance(
              RecordJson.tree(config),
              ModelEvaluation.METHOD,
              new ModelEvaluation.Model(
                  config.model(), name, meta.sha256(), meta.fingerprint(), meta.epochsDone()),
              testData,
              null,
              null,
              null,
              null,
              null,
              null);
      Path dir = new Path(config.output(), name);
      List<EvaluateResult.Metric> done = previous(dir, asked);
      if (done != null) {
        LOG.info("Evaluate {}: metrics of {} already there, reused", config.output(), name);
        all.addAll(done);
        reused.add(name);
        continue;
      }
      String startedAt = Instant.now().toString();
      List<EvaluateResult.Metric> metrics = evaluate(config, train, data, name, meta, dir);
      ModelEvaluation.Provenance provenance =
          new ModelEvaluation.Provenance(
              asked.evaluate(),
              asked.method(),
              asked.model(),
              testData,
              RecordJson.tree(train),
              CodeVersion.current(),
              spark.sparkContext().master(),
              startedAt,
              RecordJson.tree(SparkRun.of(spark.sparkContext())),
              Instant.now().toString());
      HadoopFiles.writeBytes(
          hadoop,
          new Path(dir, ModelEvaluation.FILE),
          new ModelEvaluation(provenance, metrics).toJson());
      all.addAll(metrics);
    }
    List<Row> rows = new ArrayList<>();
    for (EvaluateResult.Metric m : all) {
      rows.add(
          RowFactory.create(
              m.dataset(),
              m.nominalClass(),
              m.seed(),
              m.model(),
              m.epoch(),
              m.metric(),
              m.value(),
              m.exact(),
              m.positives(),
              m.negatives()));
    }
    spark
        .createDataFrame(rows, METRICS)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(new Path(config.output(), "metrics").toString());
    EvaluationSummary summary =
        new EvaluationSummary(
            RecordJson.tree(config), testData, started.toString(), Instant.now().toString(), all);
    HadoopFiles.writeBytes(
        hadoop, new Path(config.output(), EvaluationSummary.FILE), summary.toJson());
    return new EvaluateResult(config.output(), all, reused);
  }

  private List<String> modelNames(EvaluateConfig config, ModelStore store) {
    List<String> names = new ArrayList<>();
    for (String m : config.models()) {
      if (m.equals("snapshots")) {
        List<String> snapshots = store.list(config.model() + "/snapshots");
        if (snapshots.isEmpty()) {
          throw new ConfigException(
              "No snapshots in " + config.model() + "/snapshots: train with snapshots: [...]");
        }
        snapshots.forEach(s -> names.add("snapshots/" + s));
      } else if (!store.exists(config.model(), m)) {
        throw new ConfigException(
            "No model '" + m + "' in " + config.model() + " (its models: model, snapshots/...)");
      } else {
        names.add(m);
      }
    }
    return names;
  }

  /** The metrics already written for the same model file and settings, else null. */
  private List<EvaluateResult.Metric> previous(Path dir, ModelEvaluation.Provenance asked) {
    Path file = new Path(dir, ModelEvaluation.FILE);
    byte[] json = HadoopFiles.readBytesIfExists(hadoop, file);
    if (json == null) {
      return null;
    }
    ModelEvaluation was = ModelEvaluation.read(json, file.toString());
    return was.provenance() != null && was.provenance().sameEvaluation(asked)
        ? was.metrics()
        : null;
  }

  private List<EvaluateResult.Metric> evaluate(
      EvaluateConfig config,
      TrainConfig train,
      String data,
      String name,
      ModelMetadata meta,
      Path dir) {
    Instant t0 = Instant.now();
    Dataset<Row> scored =
        new SampleScorer(spark)
            .score(train, data, config.model(), name)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      scored
          .drop("mask_png")
          .write()
          .mode(SaveMode.Overwrite)
          .parquet(new Path(dir, "scores").toString());
      List<EvaluateResult.Metric> metrics = new ArrayList<>();
      List<RocSweep.Point> pixelCurve = null;
      DistributedRoc.Result sample =
          DistributedRoc.of(
              scored.select(
                  functions.col("score").as(DistributedRoc.SCORE),
                  functions.col("anomalous").as(DistributedRoc.POSITIVES),
                  functions.lit(1L).minus(functions.col("anomalous")).as(DistributedRoc.NEGATIVES)),
              config.curveSteps());
      metrics.addAll(rocMetrics(train, name, meta, "sample", sample));
      if (config.anomalyClasses()) {
        for (AnomalyClassEvaluator.ClassAuc c : AnomalyClassEvaluator.evaluate(scored)) {
          metrics.add(
              metric(
                  train,
                  name,
                  meta,
                  ANOMALY_CLASS_AUC + c.anomalousClass(),
                  c.auc().value(),
                  c.auc().numerator() + "/" + c.auc().denominator(),
                  c.positives(),
                  c.negatives()));
        }
      }
      boolean heatmaps = !scored.filter(functions.col("heatmap").isNotNull()).limit(1).isEmpty();
      boolean masks = !scored.filter(functions.col("mask_png").isNotNull()).limit(1).isEmpty();
      PixelMaps maps = null;
      if (heatmaps && (masks || config.heatmaps().count() > 0)) {
        maps =
            new PixelMaps(
                train.architecture().receptiveField(),
                new TrainTransform(train.preprocess(), meta.scaling(), train.seed()),
                config.heatmaps().sigmaOr(train.upsamplingSigma()));
      }
      if (masks && maps != null) {
        PixelEvaluator.Result pixel =
            PixelEvaluator.evaluate(spark, scored, maps, config.curveSteps(), config.auproLimit());
        metrics.addAll(rocMetrics(train, name, meta, "pixel", pixel.roc()));
        metrics.add(
            metric(
                train,
                name,
                meta,
                "aupro",
                pixel.aupro(),
                null,
                pixel.roc().positives(),
                pixel.roc().negatives()));
        pixelCurve = pixel.roc().curve();
      } else if (masks) {
        LOG.warn("Evaluate {}: {} has no heatmaps (HSC head), no pixel metrics", dir, name);
      }
      HadoopFiles.writeBytes(
          hadoop,
          new Path(dir, RocCurves.FILE),
          new RocCurves(sample.curve(), pixelCurve).toJson());
      if (maps != null && config.heatmaps().count() > 0) {
        byte[] png =
            new HeatmapFigures(config.heatmaps(), maps)
                .render(scored, new TrainingData(spark).images(data));
        if (png != null) {
          HadoopFiles.writeBytes(hadoop, new Path(dir, "heatmaps.png"), png);
        }
      }
      LOG.info(
          "Evaluate {}: {} (epoch {}) sample AUC {} in {} s",
          config.output(),
          name,
          meta.epochsDone(),
          String.format("%.4f", sample.auc().value()),
          java.time.Duration.between(t0, Instant.now()).toSeconds());
      return metrics;
    } finally {
      scored.unpersist(false);
    }
  }

  private static List<EvaluateResult.Metric> rocMetrics(
      TrainConfig train, String name, ModelMetadata meta, String kind, DistributedRoc.Result r) {
    ExactAuc auc = r.auc();
    return List.of(
        metric(
            train,
            name,
            meta,
            kind + "_auc",
            auc.value(),
            auc.numerator() + "/" + auc.denominator(),
            r.positives(),
            r.negatives()),
        metric(
            train,
            name,
            meta,
            kind + "_ap",
            r.averagePrecision(),
            null,
            r.positives(),
            r.negatives()));
  }

  private static EvaluateResult.Metric metric(
      TrainConfig train,
      String name,
      ModelMetadata meta,
      String metric,
      double value,
      String exact,
      long positives,
      long negatives) {
    return new EvaluateResult.Metric(
        train.data().dataset(),
        train.data().nominalClass(),
        train.seed(),
        name,
        meta.epochsDone(),
        metric,
        value,
        exact,
        positives,
        negatives);
  }
}
