package io.fcddspark.spark.cli;

import io.fcddspark.job.Job;
import io.fcddspark.spark.train.TrainJob;
import io.fcddspark.spark.train.TrainResult;
import io.fcddspark.train.TrainConfig;
import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

/** {@code fcdd train}: reads a config file and trains (or resumes) one FCDD model. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains an FCDD model on ingested images with Spark parameter averaging; resumes from the"
          + " output's last checkpoint of the same config.",
      "Keys of the config file: docs/train.md. Precedence: --set > file > default."
    })
public final class TrainCommand extends JobCommand<TrainConfig, TrainResult> {
  public TrainCommand() {
    super(ConfigFileLoader.of(TrainConfig.class), TrainConfig::output);
  }

  @Override
  String defaultMaster(TrainConfig config) {
    return config.distribution().master();
  }

  @Override
  Job<TrainConfig, TrainResult> job(SparkSession spark, PrintWriter out) {
    return new TrainJob(spark);
  }

  @Override
  int print(TrainConfig config, TrainResult result, PrintWriter out) {
    out.printf(
        "train: %s; %d epochs (%s), loss %.5f, %.1f img/s, %.0f s%n",
        result.model(),
        result.epochs(),
        result.alreadyDone()
            ? "already trained"
            : result.resumedFrom() > 0 ? "resumed at epoch " + result.resumedFrom() : "new run",
        result.loss(),
        result.imagesPerSecond(),
        result.seconds());
    return 0;
  }
}
