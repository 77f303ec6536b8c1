package io.fcddspark.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * {@code submit/Dockerfile} and {@code submit/Dockerfile.cuda} (no Docker daemon here to build
 * them): their Spark is the pom's, and the CUDA image's CUDA and cuDNN are what the pom's ND4J CUDA
 * build links against.
 */
class DockerImagesTest {
  private static final Path SUBMIT = Path.of("..", "submit");

  private static String pomProperty(String name) throws Exception {
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of("..", "pom.xml").toFile());
    return pom.getElementsByTagName(name).item(0).getTextContent().strip();
  }

  private static List<String> baseImages(String dockerfile) throws Exception {
    return Files.readAllLines(SUBMIT.resolve(dockerfile)).stream()
        .filter(line -> line.startsWith("FROM "))
        .map(line -> line.split("\\s+")[1])
        .toList();
  }

  @Test
  void bothImagesRunThePomsSparkOnJava17() throws Exception {
    String spark =
        "apache/spark:"
            + pomProperty("spark.version")
            + "-scala"
            + pomProperty("scala.binary.version")
            + "-java17-ubuntu";
    assertThat(baseImages("Dockerfile")).containsExactly(spark);
    assertThat(baseImages("Dockerfile.cuda")).first().isEqualTo(spark);
  }

  @Test
  void theCudaImageHasTheCudaAndCudnnThatNd4jsCudaBuildNeeds() throws Exception {
    Matcher artifact =
        Pattern.compile("nd4j-cuda-(\\d+\\.\\d+)").matcher(pomProperty("nd4j.cuda.artifact"));
    assertThat(artifact.matches()).isTrue();
    String cuda = baseImages("Dockerfile.cuda").get(1);
    assertThat(cuda).startsWith("nvidia/cuda:" + artifact.group(1) + ".");
    // The classifier names cuDNN; ND4J 1.0.0-M2.1's build links cuDNN 8.
    assertThat(pomProperty("nd4j.cuda.classifier")).endsWith("-cudnn");
    assertThat(cuda).contains("-cudnn8-runtime-");
    String text = Files.readString(SUBMIT.resolve("Dockerfile.cuda"));
    assertThat(text)
        .contains(
            "COPY spark-jobs/target/fcdd-spark-jobs-*-cluster.jar /opt/fcdd/fcdd-spark-cluster.jar")
        .contains("COPY submit/gpu-discovery.sh /opt/fcdd/gpu-discovery.sh")
        .contains("ENTRYPOINT [\"/opt/entrypoint.sh\"]");
  }
}
