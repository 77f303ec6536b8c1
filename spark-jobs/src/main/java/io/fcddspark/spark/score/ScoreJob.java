package io.fcddspark.spark.score;

import static io.fcddspark.config.ConfigLoader.orDefault;

import io.fcddspark.config.ConfigException;
import io.fcddspark.config.ConfigNames;
import io.fcddspark.evaluate.PixelMaps;
import io.fcddspark.heatmap.HeatmapGrid;
import io.fcddspark.heatmap.QuantileNormalizer;
import io.fcddspark.ingest.ImageColumns;
import io.fcddspark.ingest.IngestResult;
import io.fcddspark.ingest.plan.DecodeSpec;
import io.fcddspark.ingest.plan.IngestConfig;
import io.fcddspark.ingest.plan.SourceSpec;
import io.fcddspark.job.Job;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.provenance.CodeVersion;
import io.fcddspark.provenance.RecordJson;
import io.fcddspark.score.ScoreConfig;
import io.fcddspark.score.ScoreRecords;
import io.fcddspark.score.ThresholdChooser;
import io.fcddspark.spark.HadoopFileStore;
import io.fcddspark.spark.HadoopFiles;
import io.fcddspark.spark.cluster.SparkRun;
import io.fcddspark.spark.evaluate.SampleScorer;
import io.fcddspark.spark.evaluate.ScoredPixels;
import io.fcddspark.spark.ingest.HadoopInputFiles;
import io.fcddspark.spark.ingest.IngestJob;
import io.fcddspark.spark.train.TrainingData;
import io.fcddspark.train.ModelMetadata;
import io.fcddspark.train.ModelStore;
import io.fcddspark.train.TrainConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Applies a trained model to new images: ingests a folder (or reads an ingest output), scores every
 * image on the executors, chooses the threshold on validation images ({@link ThresholdChooser}),
 * and writes the scores with their decisions (Parquet and one CSV, highest score first), heatmap
 * PNGs of the images decided anomalous, {@code threshold.json} and {@code score.json} (provenance).
 * Running it again rewrites the outputs; a folder's ingest is reused.
 */
public final class ScoreJob implements Job<ScoreConfig, ScoreJob.Result> {
  private final SparkSession spark;
  private final Configuration hadoop;
  private final Consumer<String> progress;

  public ScoreJob(SparkSession spark, Consumer<String> progress) {
    this.spark = spark;
    this.hadoop = spark.sparkContext().hadoopConfiguration();
    this.progress = progress;
  }

  /**
   * What a score run did.
   *
   * @param scored images scored
   * @param rejected files of the input folder that are not images (in {@code ingest/rejects})
   * @param anomalous images decided anomalous
   * @param threshold the threshold and how it was chosen
   * @param heatmaps heatmap PNGs written
   * @param scores the scores CSV
   */
  public record Result(
      long scored,
      long rejected,
      long anomalous,
      ThresholdChooser.Choice threshold,
      int heatmaps,
      String scores) {
    /** One line: counts, the threshold and where the scores are. */
    public String summary() {
      return String.format(
          Locale.ROOT,
          "score: %d images scored (%d files rejected), %d anomalous at threshold %.6g (%s); %s",
          scored,
          rejected,
          anomalous,
          threshold.threshold(),
          describe(threshold),
          scores);
    }
  }

  @Override
  public Result run(ScoreConfig config) {
    Instant started = Instant.now();
    ModelStore models = new ModelStore(new HadoopFileStore(hadoop));
    TrainConfig train = models.trainConfig(config.model());
    ModelMetadata meta = models.metadata(config.model(), config.modelName());
    boolean heatmaps =
        config.heatmaps().which() != ScoreConfig.Heatmaps.Which.NONE
            && config.heatmaps().limit() > 0;
    // Resolved before any work: a model without upsamplingSigma needs heatmaps.sigma.
    double sigma = heatmaps ? config.heatmaps().sigmaOr(train.upsamplingSigma()) : Double.NaN;
    Inputs inputs = images(config, train);
    SampleScorer scorer = new SampleScorer(spark);

    progress.accept("score: choosing the threshold on " + validationName(config, train));
    ThresholdChooser.Choice choice = threshold(config, train, scorer);
    for (String w : choice.warnings()) {
      progress.accept("score: warning: " + w);
    }

    progress.accept("score: scoring " + config.input());
    Dataset<Row> scored =
        scorer
            .scoreImages(
                train,
                config.model(),
                config.modelName(),
                inputs.images(),
                train.data().nominalClass())
            .drop("anomalous", "mask_png")
            .withColumn("anomalous", functions.col("score").gt(choice.threshold()));
    Dataset<Row> rows =
        scored
            .join(inputs.images().select("id", "source_uri", "entry", "class_name", "split"), "id")
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> table =
          rows.select("id", "source_uri", "entry", "split", "class_name", "score", "anomalous");
      table
          .orderBy(functions.col("score").desc(), functions.col("id"))
          .write()
          .mode("overwrite")
          .parquet(config.output() + "/scores");
      String csv = config.output() + "/scores.csv";
      writeCsv(table, csv);
      long total = rows.count();
      long anomalous = rows.filter(functions.col("anomalous")).count();
      int written = heatmaps ? heatmaps(config, train, meta, sigma, rows, inputs.images()) : 0;

      HadoopFiles.writeBytes(
          hadoop,
          new Path(config.output(), ScoreRecords.THRESHOLD_FILE),
          new ScoreRecords.Threshold(
                  ConfigNames.of(config.threshold().method()),
                  choice,
                  validationName(config, train))
              .toJson());
      Result result = new Result(total, inputs.rejected(), anomalous, choice, written, csv);
      ScoreRecords.Summary summary =
          new ScoreRecords.Summary(
              RecordJson.tree(config),
              result.summary(),
              new ScoreRecords.Model(meta.sha256(), meta.fingerprint()),
              choice,
              total,
              inputs.rejected(),
              anomalous,
              written,
              CodeVersion.current().toString(),
              started.toString(),
              Instant.now().toString(),
              RecordJson.tree(SparkRun.of(spark.sparkContext())));
      HadoopFiles.writeBytes(
          hadoop, new Path(config.output(), ScoreRecords.SUMMARY_FILE), summary.toJson());
      progress.accept(result.summary());
      return result;
    } finally {
      rows.unpersist();
    }
  }

  /** The images to score and how many input files were rejected. */
  private record Inputs(Dataset<Row> images, long rejected) {}

  private Inputs images(ScoreConfig config, TrainConfig train) {
    TrainingData data = new TrainingData(spark);
    Dataset<Row> images;
    long rejected = 0;
    if (exists(new Path(config.input(), "manifest.json"))) {
      images = data.images(config.input());
      if (config.dataset() != null) {
        images = images.filter(functions.col("dataset").equalTo(config.dataset()));
      }
      if (config.split() != null) {
        images = images.filter(functions.col("split").equalTo(config.split()));
      }
    } else {
      if (!exists(new Path(config.input()))) {
        throw new ConfigException("Input " + config.input() + " does not exist");
      }
      if (config.dataset() != null || config.split() != null) {
        throw new ConfigException(
            "Input "
                + config.input()
                + " is a folder of images, not an ingest output: dataset and split select from"
                + " an ingest output only");
      }
      int channels = orDefault(config.decode().channels(), train.architecture().input().channels());
      int size =
          orDefault(
              config.decode().size(),
              train.preprocess().resize() > 0
                  ? train.preprocess().resize()
                  : train.architecture().input().height());
      String ingested = config.output() + "/ingest";
      progress.accept(
          String.format(
              "score: ingesting %s (%d channel(s), %d×%d) into %s",
              config.input(), channels, size, size, ingested));
      IngestResult result =
          new IngestJob(spark)
              .run(
                  new IngestConfig(
                          ingested,
                          null,
                          null,
                          null,
                          List.of(
                              new SourceSpec.Files(
                                  "score-input",
                                  "score",
                                  config.input(),
                                  null,
                                  null,
                                  new DecodeSpec(channels, size, null))))
                      .plan(new HadoopInputFiles(hadoop)));
      rejected = result.rejects();
      if (rejected > 0) {
        progress.accept(
            String.format(
                "score: warning: %d of %d files are not images this model can score; their"
                    + " reasons are in %s/rejects",
                rejected, result.inputs(), ingested));
      }
      images = data.images(ingested);
    }
    if (images.isEmpty()) {
      throw new ConfigException("No images to score in " + config.input());
    }
    return new Inputs(images, rejected);
  }

  private ThresholdChooser.Choice threshold(
      ScoreConfig config, TrainConfig train, SampleScorer scorer) {
    ScoreConfig.Validation v = config.threshold().validation();
    TrainConfig.Data d = train.data();
    TrainConfig.Data validation =
        new TrainConfig.Data(
            orDefault(v.input(), d.input()),
            orDefault(v.dataset(), d.dataset()),
            d.nominalClass(),
            d.trainSplit(),
            orDefault(v.split(), d.testSplit()),
            d.labelledAnomalies());
    if (!exists(new Path(validation.input(), "manifest.json"))) {
      throw new ConfigException(
          "No validation images: "
              + validation.input()
              + " is not an ingest output (set threshold.validation.input)");
    }
    List<Row> labelled =
        scorer
            .score(train, validation, config.model(), config.modelName())
            .select("score", "anomalous")
            .collectAsList();
    double[] scores = new double[labelled.size()];
    boolean[] anomalous = new boolean[labelled.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = labelled.get(i).<Double>getAs("score");
      anomalous[i] = labelled.get(i).<Long>getAs("anomalous") == 1L;
    }
    try {
      return ThresholdChooser.choose(
          scores, anomalous, config.threshold().method(), config.threshold().targetFpr());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(validationName(config, train) + ": " + e.getMessage(), e);
    }
  }

  /** Heatmap PNGs of the chosen rows, highest score first; 0 for an HSC model (no heatmaps). */
  private int heatmaps(
      ScoreConfig config,
      TrainConfig train,
      ModelMetadata meta,
      double sigma,
      Dataset<Row> rows,
      Dataset<Row> images) {
    ScoreConfig.Heatmaps settings = config.heatmaps();
    Dataset<Row> chosen = rows;
    if (settings.which() == ScoreConfig.Heatmaps.Which.ANOMALOUS) {
      chosen = chosen.filter(functions.col("anomalous"));
    }
    List<Row> top =
        chosen
            .filter(functions.col("heatmap").isNotNull())
            .orderBy(functions.col("score").desc(), functions.col("id"))
            .limit(settings.limit())
            .collectAsList();
    if (top.isEmpty()) {
      if (!rows.filter(functions.col("heatmap").isNull()).limit(1).isEmpty()) {
        progress.accept("score: warning: an HSC model has no heatmaps; none written");
      }
      return 0;
    }
    PixelMaps maps =
        new PixelMaps(
            train.architecture().receptiveField(),
            new TrainTransform(train.preprocess(), meta.scaling(), train.seed()),
            sigma);
    Map<String, Row> inputs = new HashMap<>();
    images
        .filter(
            functions
                .col(ImageColumns.ID)
                .isin(top.stream().map(r -> r.getAs(ImageColumns.ID)).toArray()))
        .select(ImageColumns.ID, ImageColumns.PNG, ImageColumns.CHANNELS)
        .collectAsList()
        .forEach(r -> inputs.put(r.getAs(ImageColumns.ID), r));
    for (int i = 0; i < top.size(); i++) {
      Row r = top.get(i);
      Row input = inputs.get(r.<String>getAs(ImageColumns.ID));
      float[] heatmap = ScoredPixels.heatmap(r, maps);
      int c = input.getAs(ImageColumns.CHANNELS);
      int h = ScoredPixels.height(r);
      int w = ScoredPixels.width(r);
      byte[] png =
          HeatmapGrid.magnified(maps.height(h), maps.width(w))
              .add(
                  new HeatmapGrid.Column(
                      maps.input(input.getAs(ImageColumns.PNG), c, h, w),
                      c,
                      QuantileNormalizer.fitOne(heatmap, settings.eta()).apply(heatmap),
                      null,
                      r.<Boolean>getAs("anomalous"),
                      r.<Double>getAs("score")))
              .png();
      String name =
          String.format(Locale.ROOT, "%05d-%s.png", i + 1, fileName(r.getAs("source_uri"), r));
      HadoopFiles.writeBytes(hadoop, new Path(config.output() + "/heatmaps", name), png);
    }
    progress.accept(
        String.format(
            "score: %d heatmaps in %s/heatmaps (input above its heatmap; the header: the score, red"
                + " when anomalous at the threshold, green when not)",
            top.size(), config.output()));
    return top.size();
  }

  /** A file-name-safe name of the image: its file's name, and the entry for a container. */
  private static String fileName(String uri, Row r) {
    String base = uri.substring(uri.lastIndexOf('/') + 1);
    String entry = r.getAs("entry");
    String name =
        entry == null || entry.isEmpty() || entry.equals(base) ? base : base + "-" + entry;
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /**
   * One CSV, highest score first, streamed partition by partition through the driver into the file
   * (never held whole in memory); the file appears when it is complete.
   */
  private void writeCsv(Dataset<Row> table, String file) {
    new HadoopFileStore(hadoop)
        .write(
            file,
            out -> {
              Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
              w.write("source_uri,entry,score,anomalous\n");
              Iterator<Row> it =
                  table
                      .orderBy(functions.col("score").desc(), functions.col("id"))
                      .select(ImageColumns.SOURCE_URI, ImageColumns.ENTRY, "score", "anomalous")
                      .toLocalIterator();
              while (it.hasNext()) {
                Row r = it.next();
                w.write(
                    String.format(
                        Locale.ROOT,
                        "%s,%s,%s,%b%n",
                        quoted(r.getAs(ImageColumns.SOURCE_URI)),
                        quoted(r.getAs(ImageColumns.ENTRY)),
                        r.<Double>getAs("score"),
                        r.<Boolean>getAs("anomalous")));
              }
              w.flush();
            });
  }

  private static String quoted(String s) {
    if (s == null) {
      return "";
    }
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private static String validationName(ScoreConfig config, TrainConfig train) {
    ScoreConfig.Validation v = config.threshold().validation();
    return String.format(
        "validation images (%s, dataset %s, split %s, nominal class %d)",
        orDefault(v.input(), train.data().input()),
        orDefault(v.dataset(), train.data().dataset()),
        orDefault(v.split(), train.data().testSplit()),
        train.data().nominalClass());
  }

  private static String describe(ThresholdChooser.Choice c) {
    if (c.method() == ThresholdChooser.Method.F1) {
      return String.format(
          Locale.ROOT,
          "F1-optimal on %d nominal and %d anomalous validation images: F1 %.3f, FPR %.3f, TPR"
              + " %.3f",
          c.nominal(),
          c.anomalous(),
          c.f1(),
          c.falsePositiveRate(),
          c.truePositiveRate());
    }
    if (c.method() == ThresholdChooser.Method.BALANCED_F1) {
      return String.format(
          Locale.ROOT,
          "balanced-F1-optimal, both classes weighted equally, on %d nominal and %d anomalous"
              + " validation images: balanced F1 %.3f, FPR %.3f, TPR %.3f",
          c.nominal(),
          c.anomalous(),
          c.balancedF1(),
          c.falsePositiveRate(),
          c.truePositiveRate());
    }
    return String.format(
        Locale.ROOT,
        "target FPR %s on %d nominal validation images: FPR %.3f",
        c.targetFpr(),
        c.nominal(),
        c.falsePositiveRate());
  }

  private boolean exists(Path path) {
    try {
      return path.getFileSystem(hadoop).exists(path);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}
