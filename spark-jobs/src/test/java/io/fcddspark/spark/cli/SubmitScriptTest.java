package io.fcddspark.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code submit/fcdd-submit.sh --print}: the settings DL4J needs on a cluster are set by the
 * launcher (Java serialization, JavaCPP limits with a matching memory overhead, one task per
 * executor, GPUs with the discovery script), and a bad value fails in one line.
 */
class SubmitScriptTest {
  private record Run(int code, String out) {}

  private static Run submit(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    return script("fcdd-submit.sh", env, args);
  }

  private static Run script(String name, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(concat(List.of("bash", "../submit/" + name, "--print"), List.of(args)));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  @Test
  void setsWhatDl4jNeedsOnAClusterWithGpus() throws Exception {
    Run r =
        submit(
            Map.of(
                "FCDD_MASTER", "yarn",
                "FCDD_EXECUTOR_CORES", "6",
                "FCDD_EXECUTOR_MEMORY", "10g",
                "FCDD_EXECUTOR_OFFHEAP_GB", "12",
                "FCDD_GPUS_PER_EXECUTOR", "1"),
            "train",
            "-c",
            "conf/train/cifar10.yaml");

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .startsWith("spark-submit --master yarn")
        .contains("--class io.fcddspark.spark.cli.FcddCommand")
        .contains("spark.serializer=org.apache.spark.serializer.JavaSerializer")
        .contains("-Dorg.bytedeco.javacpp.maxbytes=12G")
        .contains("-Dorg.bytedeco.javacpp.maxphysicalbytes=23G")
        .contains("spark.executor.memoryOverhead=13g")
        .contains("spark.task.cpus=6")
        .contains("spark.executorEnv.OMP_NUM_THREADS=6")
        .contains("spark.executor.resource.gpu.amount=1")
        .contains("spark.task.resource.gpu.amount=1")
        .contains("spark.executor.resource.gpu.discoveryScript=./gpu-discovery.sh")
        .contains("--add-opens=java.base/java.nio=ALL-UNNAMED")
        .endsWith("train -c conf/train/cifar10.yaml\n");
  }

  @Test
  void severalGpusPerExecutorGetATaskEachWithAShareOfTheCores() throws Exception {
    Run r =
        submit(
            Map.of(
                "FCDD_MASTER", "yarn",
                "FCDD_EXECUTOR_CORES", "16",
                "FCDD_GPUS_PER_EXECUTOR", "2"),
            "train",
            "-c",
            "conf/train/imagenet30.yaml");

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("spark.executor.cores=16")
        .contains("spark.task.cpus=8")
        .contains("spark.executorEnv.OMP_NUM_THREADS=8")
        .contains("spark.executor.resource.gpu.amount=2")
        .contains("spark.task.resource.gpu.amount=1");

    Run tooFewCores =
        submit(
            Map.of(
                "FCDD_MASTER", "yarn",
                "FCDD_EXECUTOR_CORES", "1",
                "FCDD_GPUS_PER_EXECUTOR", "2"),
            "train",
            "-c",
            "conf/train/imagenet30.yaml");
    assertThat(tooFewCores.code()).isNotZero();
    assertThat(tooFewCores.out()).contains("FCDD_EXECUTOR_CORES (1) must be at least");
  }

  @Test
  void yarnRunsTheDriverOnTheClusterWithTheConfigsShipped() throws Exception {
    Run r =
        script(
            "yarn.sh",
            Map.of("FCDD_QUEUE", "gpu", "FCDD_GPUS_PER_EXECUTOR", "1"),
            "sweep",
            "-c",
            "conf/sweep/fashion-mnist.yaml");

    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out())
        .startsWith("spark-submit --master yarn --deploy-mode cluster --name fcdd-sweep")
        .contains("--queue gpu")
        .containsPattern("--archives [^ ]+/target/fcdd-conf.zip\\#conf")
        .containsPattern("--files [^ ]+/submit/gpu-discovery.sh")
        .containsPattern(" [^ ]+/spark-jobs/target/fcdd-spark-jobs-[^ ]+-cluster.jar sweep")
        .endsWith("sweep -c conf/sweep/fashion-mnist.yaml\n");
  }

  @Test
  void kubernetesUsesTheImageItsJarAndTheDevicePluginsGpus() throws Exception {
    Map<String, String> env =
        Map.of(
            "FCDD_MASTER", "k8s://https://api.example:6443",
            "FCDD_IMAGE", "registry/fcdd-spark:0.1.0",
            "FCDD_UPLOAD_PATH", "s3a://bucket/upload",
            "FCDD_NAMESPACE", "ml",
            "FCDD_GPUS_PER_EXECUTOR", "1");
    Run r = script("kubernetes.sh", env, "train", "-c", "conf/train/cifar10.yaml");

    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out())
        .startsWith("spark-submit --master k8s://https://api.example:6443 --deploy-mode cluster")
        .contains("spark.kubernetes.container.image=registry/fcdd-spark:0.1.0")
        .contains("spark.kubernetes.namespace=ml")
        .contains("spark.kubernetes.authenticate.driver.serviceAccountName=spark")
        .contains("spark.kubernetes.file.upload.path=s3a://bucket/upload")
        .contains("spark.executor.resource.gpu.vendor=nvidia.com")
        .contains("spark.executor.resource.gpu.discoveryScript=/opt/fcdd/gpu-discovery.sh")
        .contains(" local:///opt/fcdd/fcdd-spark-cluster.jar train -c conf/train/cifar10.yaml")
        .doesNotContain("--files");

    Run noImage =
        script("kubernetes.sh", Map.of("FCDD_MASTER", "k8s://https://api.example:6443"), "train");
    assertThat(noImage.code()).isEqualTo(2);
    assertThat(noImage.out())
        .isEqualTo("FCDD_IMAGE must name the image built from submit/Dockerfile (Kubernetes)\n");
    Map<String, String> noUpload = new java.util.HashMap<>(env);
    noUpload.remove("FCDD_UPLOAD_PATH");
    assertThat(script("kubernetes.sh", noUpload, "train").out())
        .startsWith("FCDD_UPLOAD_PATH must name a Hadoop-compatible folder");
  }

  @Test
  void localAndStandaloneStayInClientModeWithoutShipping() throws Exception {
    Run local = script("local.sh", Map.of(), "pipeline", "-c", "conf/pipeline/fashion-mnist.yaml");
    assertThat(local.out())
        .startsWith("spark-submit --master local\\[\\*\\] --deploy-mode client")
        .doesNotContain("--archives", "--files", "--queue", "spark.task.cpus");
    Run standalone =
        script("standalone.sh", Map.of("FCDD_MASTER", "spark://master:7077"), "rank", "-c", "x");
    assertThat(standalone.out())
        .startsWith("spark-submit --master spark://master:7077 --deploy-mode client");
    Run wrong = script("standalone.sh", Map.of("FCDD_MASTER", "yarn"), "rank");
    assertThat(wrong.code()).isEqualTo(2);
    assertThat(wrong.out())
        .isEqualTo(
            "FCDD_MASTER must be the standalone master's URL, spark://HOST:PORT, got 'yarn'\n");
    Run clusterLocally =
        submit(Map.of("FCDD_DEPLOY_MODE", "cluster"), "rank", "-c", "conf/rank/x.yaml");
    assertThat(clusterLocally.out())
        .isEqualTo("FCDD_DEPLOY_MODE=cluster needs a cluster: FCDD_MASTER is 'local[*]'\n");
    assertThat(submit(Map.of("FCDD_MASTER", "mesos://x"), "rank").out())
        .startsWith("FCDD_MASTER must be local[N], spark://HOST:PORT, yarn or k8s://");
  }

  @Test
  void aBadValueFailsInOneLine() throws Exception {
    Run r = submit(Map.of("FCDD_EXECUTOR_MEMORY", "8000m"), "train");
    Run none = submit(Map.of());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out())
        .isEqualTo("FCDD_EXECUTOR_MEMORY must be whole gigabytes like 8g, got '8000m'\n");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.out()).startsWith("usage: ");
  }
}
