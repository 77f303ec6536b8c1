package io.fcddspark.spark.pipeline;

import io.fcddspark.evaluate.EvaluateResult;
import io.fcddspark.job.Job;
import io.fcddspark.pipeline.PipelineConfig;
import io.fcddspark.pipeline.PipelinePlan;
import io.fcddspark.pipeline.PipelineSummary;
import io.fcddspark.pipeline.StageTime;
import io.fcddspark.provenance.RecordJson;
import io.fcddspark.provenance.Resources;
import io.fcddspark.rank.RankConfig;
import io.fcddspark.report.PipelineReport;
import io.fcddspark.spark.HadoopFileStore;
import io.fcddspark.spark.HadoopFiles;
import io.fcddspark.spark.rank.RankJob;
import io.fcddspark.spark.train.TrainResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the whole pipeline of a {@link PipelineConfig}: ingest, OE ingest, train and evaluate per
 * class and seed, rank, report. Every stage is its own job with its own resume rule (ingest reuses
 * staged units, train resumes from checkpoints and skips finished models, evaluate reuses finished
 * metrics), so a killed pipeline run again picks up where it stopped. Progress goes to the
 * consumer: stage, items done, ETA.
 */
public final class PipelineJob implements Job<PipelinePlan, PipelineJob.Result> {
  private final SparkSession spark;
  private final Consumer<String> progress;

  public PipelineJob(SparkSession spark, Consumer<String> progress) {
    this.spark = spark;
    this.progress = progress;
  }

  /** One trained and evaluated run. */
  public record Run(
      int nominalClass, long seed, String folder, TrainResult train, EvaluateResult evaluate) {}

  /**
   * What the pipeline produced.
   *
   * @param runs the runs
   * @param times wall time per stage
   * @param report the HTML report
   */
  public record Result(List<Run> runs, List<StageTime> times, String report) {}

  /** Runs {@code config}, its stages' configs checked first ({@link PipelinePlan#of}). */
  public Result run(PipelineConfig config) {
    return run(PipelinePlan.of(config));
  }

  /** Runs a checked plan. */
  @Override
  public Result run(PipelinePlan plan) {
    PipelineConfig config = plan.config();
    Instant start = Instant.now();
    List<StageTime> times = new ArrayList<>();
    Instant t = Instant.now();
    progress.accept("pipeline: [1/5] ingest " + config.ingest().config());
    Stages.ingest(spark, plan.ingest());
    if (plan.outlierExposure() != null) {
      progress.accept("pipeline: [1/5] ingest OE " + config.outlierExposure().config());
      Stages.ingest(spark, plan.outlierExposure());
    }
    times.add(new StageTime("ingest", Stages.seconds(t)));

    List<Run> runs = new ArrayList<>();
    int total = plan.runs().size();
    Instant runsStart = Instant.now();
    double trainSeconds = 0;
    double evaluateSeconds = 0;
    for (PipelinePlan.Run planned : plan.runs()) {
      int nominal = planned.nominalClass();
      long seed = planned.seed();
      progress.accept(
          String.format(
              "pipeline: [2/5] train class %d seed %d (run %d of %d)%s",
              nominal, seed, runs.size() + 1, total, Stages.eta(runsStart, runs.size(), total)));
      CellRunner.Done done =
          new CellRunner(spark)
              .run(
                  planned.train(),
                  planned.evaluate(),
                  trained ->
                      progress.accept(
                          String.format(
                              "pipeline: [3/5] evaluate class %d seed %d: loss %.4f, %.0f img/s in"
                                  + " training",
                              nominal, seed, trained.loss(), trained.imagesPerSecond())));
      trainSeconds += done.trainSeconds();
      evaluateSeconds += done.evaluateSeconds();
      TrainResult trained = done.trained();
      EvaluateResult evaluated = done.evaluated();
      runs.add(new Run(nominal, seed, planned.folder(), trained, evaluated));
      progress.accept(
          String.format(
              "pipeline: class %d seed %d: %s %.4f",
              nominal,
              seed,
              config.rank().metric(),
              evaluated.value("model", config.rank().metric())));
    }
    times.add(new StageTime("train", trainSeconds));
    times.add(new StageTime("evaluate", evaluateSeconds));

    Instant t2 = Instant.now();
    progress.accept("pipeline: [4/5] rank against " + config.rank().baselines());
    String rankDir = config.output() + "/rank";
    new RankJob(spark).run(rankConfig(config, runs, rankDir));
    times.add(new StageTime("rank", Stages.seconds(t2)));

    Instant t3 = Instant.now();
    progress.accept("pipeline: [5/5] report");
    times.add(new StageTime("total before report", Stages.seconds(start)));
    String report = config.output() + "/report.html";
    new PipelineReport(new HadoopFileStore(spark.sparkContext().hadoopConfiguration()))
        .write(config, rankDir, times, report);
    times.add(new StageTime("report", Stages.seconds(t3)));
    HadoopFiles.writeBytes(
        spark.sparkContext().hadoopConfiguration(),
        new org.apache.hadoop.fs.Path(config.output(), PipelineSummary.FILE),
        new PipelineSummary(RecordJson.tree(config), times, Resources.current(), report).toJson());
    progress.accept(
        String.format("pipeline: done in %.1f min; report %s", Stages.seconds(start) / 60, report));
    return new Result(runs, times, report);
  }

  /**
   * Rewrites the report of a pipeline run from its files (after the pipeline, or to refresh it):
   * stage times come from {@code pipeline.json} when the run wrote one.
   */
  public String report(PipelineConfig config) {
    List<StageTime> times = new ArrayList<>();
    org.apache.hadoop.fs.Path file =
        new org.apache.hadoop.fs.Path(config.output(), PipelineSummary.FILE);
    byte[] summary =
        HadoopFiles.readBytesIfExists(spark.sparkContext().hadoopConfiguration(), file);
    if (summary != null) {
      times.addAll(PipelineSummary.read(summary, file.toString()).times());
    }
    String report = config.output() + "/report.html";
    new PipelineReport(new HadoopFileStore(spark.sparkContext().hadoopConfiguration()))
        .write(config, config.output() + "/rank", times, report);
    progress.accept("report: " + report);
    return report;
  }

  private static RankConfig rankConfig(PipelineConfig config, List<Run> runs, String output) {
    List<RankConfig.Evaluation> evaluations = new ArrayList<>();
    for (Run r : runs) {
      evaluations.add(
          new RankConfig.Evaluation(
              r.folder() + "/evaluation", config.rank().method(), "model", null));
    }
    return RankConfig.builder(output, config.rank().metric())
        .evaluations(evaluations)
        .baselines(config.rank().baselines())
        .datasets(config.classes().stream().map(String::valueOf).toList())
        .title(config.title() + ": " + config.rank().metric())
        .build();
  }
}
