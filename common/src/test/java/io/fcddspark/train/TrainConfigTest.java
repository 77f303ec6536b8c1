package io.fcddspark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fcddspark.config.ConfigException;
import io.fcddspark.config.ConfigLoader;
import io.fcddspark.nets.FcddArchitecture;
import io.fcddspark.preprocess.JitterStrength;
import io.fcddspark.preprocess.PreprocessConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TrainConfigTest {
  private static final Path CONF = Path.of("../conf/train");

  private static TrainConfig load(String name, String... overrides) {
    return ConfigLoader.load(CONF.resolve(name), List.of(overrides), TrainConfig.class);
  }

  @Test
  void everyShippedConfigLoadsAndValidates() throws IOException {
    try (Stream<Path> files = Files.list(CONF)) {
      List<Path> configs = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertThat(configs).hasSize(6);
      for (Path c : configs) {
        assertThat(ConfigLoader.load(c, List.of(), TrainConfig.class).epochs())
            .as(c.toString())
            .isPositive();
      }
    }
  }

  @Test
  void fashionMnistHasThePapersSchedule() {
    TrainConfig c = load("fashion-mnist.yaml");

    assertThat(c.architecture()).isEqualTo(FcddArchitecture.CNN28);
    assertThat(c.batchSize()).isEqualTo(128);
    assertThat(c.epochs()).isEqualTo(400);
    assertThat(c.optimizer().rate(0)).isEqualTo(0.01);
    assertThat(c.optimizer().rate(1)).isCloseTo(0.0098, within(1e-15));
    assertThat(c.optimizer().rate(100)).isCloseTo(0.01 * Math.pow(0.98, 100), within(1e-15));
    assertThat(c.outlierExposure().probability()).isEqualTo(0.5);
    assertThat(c.preprocess().crop()).isEqualTo(28);
    assertThat(c.preprocess().padding()).isEqualTo(2);
    assertThat(c.passesPerEpoch()).isEqualTo(1);
    assertThat(c.distribution().averagingFrequency()).isEqualTo(5);
  }

  @Test
  void fingerprintIgnoresWhereAndHowLongButNotWhat() {
    String base = load("fashion-mnist.yaml").trainingFingerprint();

    assertThat(base).hasSize(32).isEqualTo(load("fashion-mnist.yaml").trainingFingerprint());
    assertThat(
            load(
                    "fashion-mnist.yaml",
                    "output=/elsewhere",
                    "epochs=500",
                    "checkpointEvery=3",
                    "distribution.master=local[3]",
                    "distribution.workerPrefetch=0")
                .trainingFingerprint())
        .isEqualTo(base);
    for (String changed :
        List.of(
            "seed=2",
            "batchSize=64",
            "data.nominalClass=3",
            "outlierExposure.probability=0.25",
            "optimizer.learningRate=0.02",
            "optimizer.schedule.gamma=0.9",
            "preprocess.flip=0",
            "distribution.averagingFrequency=2")) {
      assertThat(load("fashion-mnist.yaml", changed).trainingFingerprint())
          .as(changed)
          .isNotEqualTo(base);
    }
  }

  @Test
  void mvtecTrainsOnConfettiWithThePixelLoss() {
    TrainConfig c = load("mvtec-ad.yaml");

    assertThat(c.synthetic()).isEqualTo(TrainConfig.Synthetic.CONFETTI);
    assertThat(c.anomalyProbability()).isEqualTo(0.5);
    assertThat(c.objectiveSpec()).isEqualTo(new io.fcddspark.nets.Objective.PixelMasks(12));
    assertThat(c.passesPerEpoch()).isEqualTo(10);
    assertThat(c.pretrained())
        .isEqualTo(new TrainConfig.Pretrained("conf/pretrained/vgg11_bn-imagenet.safetensors", 15));
    assertThatThrownBy(() -> load("fashion-mnist.yaml", "pretrained.weights=w.safetensors"))
        .hasMessageEndingWith(
            "Cannot load pretrained weights into CNN28: only VGG11_BN follows torchvision's layers");
    assertThatThrownBy(() -> load("mvtec-ad.yaml", "pretrained.freeze=22"))
        .hasMessageEndingWith("Cannot freeze 22 layers, VGG11_BN's trunk has 21");
    assertThat(load("fashion-mnist.yaml", "head=hsc").headSpec())
        .isEqualTo(io.fcddspark.nets.Head.hsc(48));
  }

  @Test
  void cifarDividesByTenAtFourAndFiveHundred() {
    TrainConfig c = load("cifar10.yaml");

    assertThat(c.optimizer().rate(399)).isEqualTo(1e-3);
    assertThat(c.optimizer().rate(400)).isCloseTo(1e-4, within(1e-18));
    assertThat(c.optimizer().rate(500)).isCloseTo(1e-5, within(1e-18));
    assertThat(load("mvtec-ad.yaml").passesPerEpoch()).isEqualTo(10);
    PreprocessConfig mvtec = load("mvtec-ad.yaml").preprocess();
    assertThat(mvtec.colorJitter())
        .containsExactly(
            JitterStrength.uniform(0.04), new JitterStrength(0.005, 0.0005, 0.0005, 0.0005));
    assertThat(mvtec.geometry()).isEqualTo(PreprocessConfig.Geometry.CROP_OR_RESIZE);
    assertThat(mvtec.interpolation()).isEqualTo(PreprocessConfig.Interpolation.NEAREST);
    assertThat(mvtec.noiseScale()).isEqualTo(PreprocessConfig.NoiseScale.IMAGE_STD);
    // Keys added later stay out of a config's settings at their defaults, so the fingerprints
    // (and sweep records) of earlier runs still match.
    com.fasterxml.jackson.databind.JsonNode cifar =
        load("cifar10.yaml").trainingSettings().get("preprocess");
    assertThat(cifar.fieldNames())
        .toIterable()
        .containsExactly(
            "resize",
            "crop",
            "padding",
            "flip",
            "colorJitter",
            "noiseStd",
            "noiseProbability",
            "normalization");
    assertThat(cifar.get("colorJitter").toString()).isEqualTo("[0.01]");
    assertThat(load("mvtec-ad.yaml").trainingSettings().get("preprocess").get("colorJitter"))
        .hasToString("[0.04,[0.005,5.0E-4,5.0E-4,5.0E-4]]");
    TrainConfig voc = load("voc.yaml");
    assertThat(voc.swapLabels()).isTrue();
    assertThat(voc.data().testSplit()).isEqualTo("val");
    assertThat(load("cifar10.yaml").trainingSettings().has("swapLabels")).isFalse();
    assertThatThrownBy(() -> load("voc.yaml", "outlierExposure=null"))
        .hasMessageEndingWith(
            "swapLabels trains the OE images as the nominal ones: it needs an outlierExposure"
                + " corpus and objective 'sample'");
    TrainConfig semi = load("mvtec-ad-semi-supervised.yaml");
    assertThat(semi.data().labelledAnomalies()).isEqualTo(1);
    assertThat(semi.synthetic()).isEqualTo(TrainConfig.Synthetic.NONE);
    assertThat(semi.anomalyProbability()).isEqualTo(0.5);
    assertThat(semi.preprocess()).isEqualTo(mvtec);
  }

  @Test
  void eachDatasetNormalisesAsTheReference() {
    assertThat(load("mvtec-ad.yaml").preprocess().normalization())
        .isEqualTo(PreprocessConfig.Normalization.GCN_L1_MINMAX_PER_CHANNEL);
    assertThat(load("mvtec-ad-semi-supervised.yaml").preprocess().normalization())
        .isEqualTo(PreprocessConfig.Normalization.GCN_L1_MINMAX_PER_CHANNEL);
    assertThat(load("cifar10.yaml").preprocess().normalization())
        .isEqualTo(PreprocessConfig.Normalization.GCN_L1_MINMAX);
    PreprocessConfig imagenet = load("imagenet30.yaml").preprocess();
    assertThat(imagenet.normalization()).isEqualTo(PreprocessConfig.Normalization.MEAN_STD);
    assertThat(imagenet.mean()).containsExactly(0.485, 0.456, 0.406);
    assertThat(imagenet.std()).containsExactly(0.229, 0.224, 0.225);
    PreprocessConfig voc = load("voc.yaml").preprocess();
    assertThat(voc.mean()).containsExactly(0.4469, 0.4227, 0.3906);
    assertThat(voc.std()).containsExactly(0.2691, 0.2659, 0.2789);
    assertThat(load("fashion-mnist.yaml").trainingSettings().get("preprocess").has("mean"))
        .isFalse();

    assertThatThrownBy(() -> load("voc.yaml", "preprocess.std=[0.2, 0.0, 0.3]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("std must be positive numbers, one per channel");
    assertThatThrownBy(() -> load("voc.yaml", "preprocess.mean=[0.2, 0.3]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("normalization mean-std needs mean: one value, or one per channel");
    assertThatThrownBy(() -> load("voc.yaml", "preprocess.mean=[0.5]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("as many mean as std values");
    assertThatThrownBy(() -> load("imagenet30.yaml", "preprocess.normalization=gcn-l1-minmax"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "mean and std are the constants of normalization mean-std; normalization is"
                + " gcn-l1-minmax");
  }

  @Test
  void overridesAndErrorsNameTheKey() {
    assertThat(load("fashion-mnist.yaml", "data.nominalClass=3", "seed=7").seed()).isEqualTo(7);
    String file = CONF.resolve("fashion-mnist.yaml").toString();

    assertThatThrownBy(() -> load("fashion-mnist.yaml", "net=resnet"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + " with net=resnet: key 'net': expected one of [CNN28, CNN32, VGG11_BN], got"
                + " 'resnet'");
    assertThatThrownBy(() -> load("fashion-mnist.yaml", "net=CNN23"))
        .hasMessageEndingWith(
            "key 'net': expected one of [CNN28, CNN32, VGG11_BN], got 'CNN23' (did you mean"
                + " 'CNN28'?)");
    assertThatThrownBy(() -> load("fashion-mnist.yaml", "head=fccd"))
        .hasMessageEndingWith(
            "key 'head': expected one of [fcdd, hsc], got 'fccd' (did you mean 'fcdd'?)");
    assertThatThrownBy(() -> load("fashion-mnist.yaml", "snapshots=[10, 500]"))
        .hasMessageEndingWith(
            "Cannot keep a snapshot at epoch 500, it must lie in [1, epochs = 400]");
    assertThatThrownBy(() -> load("fashion-mnist.yaml", "optimizer.schedule.gama=0.9"))
        .hasMessageEndingWith(
            "unknown key 'optimizer.schedule.gama' (did you mean 'gamma'?) (known keys there: gamma)");
    assertThatThrownBy(() -> load("fashion-mnist.yaml", "synthetic=confetti"))
        .hasMessageEndingWith(
            "Cannot set synthetic to 'confetti' with an outlierExposure corpus: a replaced sample is"
                + " one or the other; remove one of them");
    assertThatThrownBy(() -> load("fashion-mnist.yaml", "objective=pixel"))
        .hasMessageEndingWith("missing key 'upsamplingSigma'");
    assertThatThrownBy(
            () -> load("fashion-mnist.yaml", "objective=pixel", "upsamplingSigma=1.2", "head=hsc"))
        .hasMessageEndingWith(
            "Cannot set objective to 'pixel' with head 'hsc': the HSC head has no heatmap");
    assertThatThrownBy(() -> load("fashion-mnist.yaml", "data.labelledAnomalies=2"))
        .hasMessageEndingWith(
            "Cannot train on labelled anomalies with objective 'sample': their masks need"
                + " objective 'pixel'");
    assertThatThrownBy(() -> load("mvtec-ad.yaml", "data.labelledAnomalies=-1"))
        .hasMessageEndingWith("Cannot set labelledAnomalies to -1, it must be >= 0");
    assertThatThrownBy(() -> load("mvtec-ad.yaml", "data.labelledAnomalies=8"))
        .hasMessageEndingWith(
            "Cannot train on labelled anomalies together with an outlierExposure corpus or"
                + " confetti: a replaced sample is one of them; keep one");
    assertThat(
            load("mvtec-ad.yaml", "data.labelledAnomalies=8", "synthetic=none")
                .anomalyProbability())
        .isEqualTo(0.5);
    assertThatThrownBy(() -> load("fashion-mnist.yaml", "seed=null"))
        .hasMessageEndingWith("missing key 'seed'");
    assertThatThrownBy(() -> load("fashion-mnist.yaml", "preprocess.flip=1.5"))
        .hasMessageEndingWith("preprocess: Cannot set flip to 1.5, it must be in [0, 1]");
  }
}
