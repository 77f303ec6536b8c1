package io.fcddspark.spark.cli;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.spark.train.TrainJob;
import io.fcddspark.spark.train.TrainResult;
import io.fcddspark.train.TrainConfig;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fcdd train}: reads a config file and trains (or resumes) one FCDD model. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains an FCDD model on ingested images with Spark parameter averaging; resumes from the"
          + " output's last checkpoint of the same config.",
      "Keys of the config file: docs/train.md. Precedence: --set > file > default."
    })
public final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin JobOptions job;

  @Override
  public Integer call() {
    TrainConfig train = ConfigLoader.load(job.config, job.overrides, TrainConfig.class);
    try (CommandRun run =
        CommandRun.start(
            job, "train", train.distribution().master(), train.output(), spec.commandLine())) {
      SparkSession spark = run.spark();
      TrainResult r = new TrainJob(spark).run(train);
      spec.commandLine()
          .getOut()
          .printf(
              "train: %s; %d epochs (%s), loss %.5f, %.1f img/s, %.0f s%n",
              r.model(),
              r.epochs(),
              r.alreadyDone()
                  ? "already trained"
                  : r.resumedFrom() > 0 ? "resumed at epoch " + r.resumedFrom() : "new run",
              r.loss(),
              r.imagesPerSecond(),
              r.seconds());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
