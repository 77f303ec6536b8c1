package io.fcddspark.spark.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fcddspark.config.ConfigException;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalClusterSettingsTest {
  @Test
  void readsTheShapeOfALocalClusterMasterOnly() {
    assertThat(LocalClusterSettings.shape("local-cluster[2, 1,1536]"))
        .contains(new LocalClusterSettings.Shape(2, 1, 1536));
    assertThat(LocalClusterSettings.shape("local[2]")).isEmpty();
    assertThat(LocalClusterSettings.shape("spark://host:7077")).isEmpty();
  }

  @Test
  void givesExecutorsTheClassPathScalaVersionMemoryAndThreadsKeepingWhatIsSet(@TempDir Path home) {
    SparkConf conf = new SparkConf(false).set("spark.executor.memory", "900m");
    LocalClusterSettings.apply(conf, "local-cluster[2,1,1536]", home.toString(), "/a.jar:/b.jar");
    assertThat(home.resolve("jars")).isDirectory();
    assertThat(conf.get("spark.executor.extraClassPath")).isEqualTo("/a.jar:/b.jar");
    assertThat(conf.get("spark.executorEnv.SPARK_SCALA_VERSION")).isEqualTo("2.12");
    assertThat(conf.get("spark.executor.memory")).isEqualTo("900m");
    assertThat(conf.get("spark.executorEnv.OMP_NUM_THREADS"))
        .isEqualTo(String.valueOf(LocalClusterSettings.nativeThreads()));

    SparkConf local = new SparkConf(false);
    LocalClusterSettings.apply(local, "local[2]", null, "/a.jar");
    assertThat(local.getAll()).isEmpty();
  }

  @Test
  void aLocalClusterWithoutSparkHomeFailsNamingTheVariable() {
    assertThatThrownBy(
            () ->
                LocalClusterSettings.apply(
                    new SparkConf(false), "local-cluster[2,1,1024]", null, "/a.jar"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Cannot start local-cluster[2,1,1024]: its workers launch executors from $SPARK_HOME,"
                + " which is not set (bin/fcdd sets it; elsewhere export SPARK_HOME=<any writable"
                + " folder>)");
  }
}
