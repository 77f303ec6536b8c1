package io.fcddspark.spark.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The default number of training workers is the application's cores, wherever they are known. */
class WorkerCountTest {
  @Test
  void aOneCoreLocalClusterTrainsOneWorkerNotSparksMinimumOfTwo() {
    SparkConf conf = new SparkConf(false).set("spark.master", "local-cluster[1,1,1024]");
    assertThat(DistributedTrainer.cores(conf, 2)).isEqualTo(1);
    conf.set("spark.master", "local-cluster[3,2,1024]");
    assertThat(DistributedTrainer.cores(conf, 6)).isEqualTo(6);
  }

  @Test
  void explicitSettingsWinInOrder() {
    SparkConf conf =
        new SparkConf(false)
            .set("spark.master", "spark://m:7077")
            .set("spark.executor.instances", "4")
            .set("spark.executor.cores", "3");
    assertThat(DistributedTrainer.cores(conf, 2)).isEqualTo(12);
    conf.set("spark.dynamicAllocation.enabled", "true");
    assertThat(DistributedTrainer.cores(conf, 2)).isEqualTo(2);
    conf.set("spark.cores.max", "5");
    assertThat(DistributedTrainer.cores(conf, 2)).isEqualTo(5);
    conf.set("spark.default.parallelism", "7");
    assertThat(DistributedTrainer.cores(conf, 2)).isEqualTo(7);
  }

  @Test
  void otherwiseSparksDefaultParallelism() {
    assertThat(DistributedTrainer.cores(new SparkConf(false).set("spark.master", "local[3]"), 3))
        .isEqualTo(3);
  }

  @Test
  void withScheduledGpusOneWorkerPerGpuSlot() {
    SparkConf conf =
        new SparkConf(false)
            .set("spark.master", "spark://m:7077")
            .set("spark.executor.instances", "3")
            .set("spark.executor.cores", "16")
            .set("spark.executor.resource.gpu.amount", "2")
            .set("spark.task.resource.gpu.amount", "1");
    assertThat(DistributedTrainer.slots(conf, 2)).isEqualTo(6);
    conf.set("spark.task.resource.gpu.amount", "0.5");
    assertThat(DistributedTrainer.slots(conf, 2)).isEqualTo(12);
    conf.set("spark.task.resource.gpu.amount", "2");
    assertThat(DistributedTrainer.slots(conf, 2)).isEqualTo(3);
    conf.set("spark.task.cpus", "16");
    conf.set("spark.task.resource.gpu.amount", "1");
    assertThat(DistributedTrainer.slots(conf, 2)).as("fewer CPU slots than GPUs").isEqualTo(3);

    SparkConf local = new SparkConf(false).set("spark.master", "local-cluster[2,2,1024]");
    assertThat(DistributedTrainer.slots(local, 4)).isEqualTo(4);
    local.set("spark.executor.resource.gpu.amount", "1").set("spark.task.resource.gpu.amount", "1");
    assertThat(DistributedTrainer.slots(local, 4)).isEqualTo(2);
  }

  @Test
  void withoutKnownExecutorCoresGpusDoNotChangeTheCount() {
    SparkConf conf =
        new SparkConf(false)
            .set("spark.master", "yarn")
            .set("spark.executor.resource.gpu.amount", "2")
            .set("spark.task.resource.gpu.amount", "1");
    assertThat(DistributedTrainer.slots(conf, 8)).isEqualTo(8);
  }
}
