package io.fcddspark.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fcddspark.config.ConfigException;
import io.fcddspark.config.ConfigLoader;
import io.fcddspark.ingest.plan.IngestConfig;
import io.fcddspark.nets.Safetensors;
import io.fcddspark.nets.VggWeightsFixture;
import io.fcddspark.spark.HadoopFileStore;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.spark.ingest.HadoopInputFiles;
import io.fcddspark.spark.ingest.IngestJob;
import io.fcddspark.train.ModelStore;
import io.fcddspark.train.TrainConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped MVTec-AD config (VGG11-BN from pretrained weights, first 15 feature layers frozen,
 * confetti anomalies, per-pixel loss) trains one epoch in local[2] on a few RGB images, with a
 * generated weight file in torchvision's names: the frozen layers keep the file's weights and
 * BatchNorm statistics, the others learn; a net whose input the data cannot fill is refused.
 */
class PretrainedTrainingTest {

  private static void writeImages(Path dir, int n, int side) throws IOException {
    Files.createDirectories(dir);
    Random r = new Random(3);
    for (int i = 0; i < n; i++) {
      BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
      int base = r.nextInt(0xFFFFFF);
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          img.setRGB(x, y, base ^ ((x * 3 + y) & 0x3F));
        }
      }
      ImageIO.write(img, "png", dir.resolve("img" + i + ".png").toFile());
    }
  }

  private static String ingest(SparkSession spark, Path dir, String name, int side)
      throws IOException {
    writeImages(dir.resolve(name + "-corpus/good"), 8, side);
    Path yaml = dir.resolve(name + ".yaml");
    Files.writeString(
        yaml,
        "output: "
            + dir.resolve(name)
            + "\nsources:\n  - type: folder\n    dataset: parts\n    split: train\n    path: "
            + dir.resolve(name + "-corpus")
            + "\n");
    new IngestJob(spark)
        .run(
            ConfigLoader.load(yaml, List.of(), IngestConfig.class)
                .plan(HadoopInputFiles.of(spark)));
    return dir.resolve(name).toString();
  }

  private static TrainConfig config(Path dir, String data, Path weights) {
    return ConfigLoader.load(
        Path.of("../conf/train/mvtec-ad.yaml"),
        List.of(
            "output=" + dir.resolve("model-" + Path.of(data).getFileName()),
            "data.input=" + data,
            "data.dataset=parts",
            "pretrained.weights=" + weights,
            "epochs=1",
            "passesPerEpoch=1",
            "batchSize=4"),
        TrainConfig.class);
  }

  @Test
  void trainsTheMvtecConfigFromPretrainedWeightsWithTheFirstLayersFrozen(@TempDir Path dir)
      throws IOException {
    Map<String, Safetensors.Tensor> tensors = VggWeightsFixture.random(7);
    Path weights = dir.resolve("vgg11_bn.safetensors");
    try (OutputStream out = Files.newOutputStream(weights)) {
      Safetensors.write(tensors, out);
    }
    SparkSession spark = SparkSessions.local("local[2]", "pretrained-training-test");
    try {
      String rgb = ingest(spark, dir, "rgb", 224);
      String small = ingest(spark, dir, "small", 32);

      TrainConfig config = config(dir, rgb, weights);
      new TrainJob(spark).run(config);
      MultiLayerNetwork net =
          new ModelStore(new HadoopFileStore(new Configuration()))
              .read(config.output(), "model")
              .net();

      // features.0 (conv) and features.12 (BatchNorm, DL4J layer 9) are frozen: as in the file.
      assertThat(net.getLayer(0).getParam("W").dup().data().asFloat())
          .containsExactly(tensors.get("features.0.weight").values());
      assertThat(
              net.getLayer(9)
                  .getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN)
                  .dup()
                  .data()
                  .asFloat())
          .containsExactly(tensors.get("features.12.running_mean").values());
      // features.15 (DL4J layer 11) learns.
      assertThat(net.getLayer(11).getParam("W").dup().data().asFloat())
          .isNotEqualTo(tensors.get("features.15.weight").values());
      assertThat(net.params().isNaN().any()).isFalse();

      assertThatThrownBy(
              () ->
                  new TrainJob(spark)
                      .run(
                          ConfigLoader.load(
                              Path.of("../conf/train/mvtec-ad.yaml"),
                              List.of(
                                  "output=" + dir.resolve("small-model"),
                                  "data.input=" + small,
                                  "data.dataset=parts",
                                  "pretrained.weights=" + weights,
                                  "preprocess.resize=0",
                                  "preprocess.crop=0",
                                  "preprocess.geometry=crop"),
                              TrainConfig.class)))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "Cannot train VGG11_BN on "
                  + small
                  + ": its images become 3×32×32 after preprocess, the net takes 3×224×224 (set"
                  + " preprocess.resize/crop, or ingest with that many channels)");
    } finally {
      spark.stop();
    }
  }
}
