package io.fcddspark.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainTransformTest {
  private static final PreprocessConfig FASHION = PreprocessConfig.defaults().withCrop(28, 2);
  private static final MinMaxScaling SCALING =
      new MinMaxScaling(-2.681239128112793, 24.85430908203125);

  private static byte[] image(int c, int h, int w, long seed) {
    byte[] b = new byte[c * h * w];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  @Test
  void theSameSeedEpochAndSampleGiveTheSameInputAndOthersDiffer() {
    TrainTransform t = new TrainTransform(FASHION, SCALING, 3);
    byte[] x = image(1, 28, 28, 1);

    float[] a = t.train(x, 1, 28, 28, 5, 17);

    assertThat(a).hasSize(28 * 28);
    assertThat(t.train(x, 1, 28, 28, 5, 17)).containsExactly(a);
    assertThat(t.train(x, 1, 28, 28, 6, 17)).isNotEqualTo(a);
    assertThat(new TrainTransform(FASHION, SCALING, 4).train(x, 1, 28, 28, 5, 17)).isNotEqualTo(a);
  }

  @Test
  void aLabelledAnomalysMaskMovesExactlyWithItsImage() {
    TrainTransform t =
        new TrainTransform(
            PreprocessConfig.defaults()
                .withCrop(24, 4)
                .withNormalization(PreprocessConfig.Normalization.NONE),
            null,
            3);
    byte[] x = image(1, 28, 28, 9);
    byte[] mask = new byte[x.length];
    for (int p = 0; p < x.length; p++) {
      mask[p] = (byte) ((x[p] & 0xFF) >= 128 ? 255 : 0);
    }
    int flips = 0;
    for (int epoch = 0; epoch < 10; epoch++) {
      float[] img = t.train(x, 1, 28, 28, epoch, 4);
      float[] m = t.trainMask(mask, 28, 28, epoch, 4);
      assertThat(m).hasSize(24 * 24);
      for (int p = 0; p < m.length; p++) {
        assertThat(m[p])
            .as("epoch %d pixel %d", epoch, p)
            .isEqualTo(img[p] >= 128 / 255f ? 1f : 0f);
      }
      flips +=
          t.trainMask(mask, 28, 28, epoch, 4)[0] != t.trainMask(mask, 28, 28, epoch, 5)[0] ? 1 : 0;
    }
    assertThat(flips).isPositive();
  }

  @Test
  void testImagesAreOnlyNormalisedAsTheReferenceDoes() {
    TrainTransform t = new TrainTransform(FASHION, SCALING, 3);
    byte[] x = image(1, 28, 28, 2);
    float[] expected = new float[28 * 28];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = Byte.toUnsignedInt(x[i]) / 255f;
    }
    SCALING.apply(GlobalContrastNormalization.l1(expected));

    assertThat(t.test(x, 1, 28, 28)).containsExactly(expected);
  }

  @Test
  void imageNetTestImagesAreResizedThenCentreCropped() {
    PreprocessConfig p =
        PreprocessConfig.defaults()
            .withResize(8)
            .withCrop(4, 0)
            .withAugmentation(0.5, List.of(JitterStrength.uniform(0.01)))
            .withNoise(0.001, 1.0, PreprocessConfig.NoiseScale.ABSOLUTE)
            .withNormalization(PreprocessConfig.Normalization.NONE);
    TrainTransform t = new TrainTransform(p, null, 1);
    byte[] x = new byte[8 * 8 * 3]; // already 8x8: no resize; channel k of pixel p = p
    for (int px = 0; px < 64; px++) {
      for (int k = 0; k < 3; k++) {
        x[3 * px + k] = (byte) px;
      }
    }

    float[] out = t.test(x, 3, 8, 8);

    assertThat(out).hasSize(3 * 16);
    assertThat(out[0]).isEqualTo((2 * 8 + 2) / 255f); // top-left of the centre crop is (2, 2)
    assertThat(out[16 + 15]).isEqualTo((5 * 8 + 5) / 255f);
    assertThat(t.train(x, 3, 8, 8, 0, 0)).hasSize(3 * 16);
  }

  @Test
  void normalisingWithoutConstantsIsAnError() {
    assertThatThrownBy(
            () -> new TrainTransform(FASHION, null, 1).test(image(1, 28, 28, 3), 1, 28, 28))
        .hasMessage("min-max constants are not fitted yet");
  }

  @Test
  void colourJitterOperationsBehaveAsTorchvisions() {
    int n = 2;
    float[] red = {1f, 0.5f, 0f, 0f, 0f, 0f}; // pixel 0 pure red, pixel 1 dark red
    float[] shifted = red.clone();
    ColorJitter.hue(shifted, n, 1.0 / 3); // red -> green
    assertThat(shifted[0]).isCloseTo(0f, within(1e-6f));
    assertThat(shifted[n]).isCloseTo(1f, within(1e-6f));
    assertThat(shifted[2 * n]).isCloseTo(0f, within(1e-6f));

    float[] grey = red.clone();
    ColorJitter.saturation(grey, n, 0);
    assertThat(grey[0]).isCloseTo(0.2989f, within(1e-6f));
    assertThat(grey[n]).isEqualTo(grey[0]).isEqualTo(grey[2 * n]);

    float[] same = red.clone();
    ColorJitter.brightness(same, 1);
    ColorJitter.contrast(same, 3, n, 1);
    ColorJitter.hue(same, n, 0);
    assertThat(same).containsExactly(red);

    float[] j = red.clone();
    ColorJitter.apply(j, 3, 1, 2, JitterStrength.uniform(0.5), new SplittableRandom(1));
    for (float v : j) {
      assertThat(v).isBetween(0f, 1f);
    }
  }

  private static PreprocessConfig mvtec(double noiseStd) {
    return PreprocessConfig.defaults()
        .withResize(16)
        .withCrop(12, 0)
        .withAugmentation(0.0, List.of(new JitterStrength(0.005, 0.0005, 0.0005, 0.0005)))
        .withNoise(noiseStd, 1.0, PreprocessConfig.NoiseScale.IMAGE_STD)
        .withNormalization(PreprocessConfig.Normalization.NONE)
        .withGeometry(
            PreprocessConfig.Geometry.CROP_OR_RESIZE, PreprocessConfig.Interpolation.NEAREST);
  }

  /** A 16×16 grey image whose pixel value is its column: a crop and a resize are told apart. */
  private static byte[] columns() {
    byte[] x = new byte[16 * 16];
    for (int p = 0; p < x.length; p++) {
      x[p] = (byte) (16 * (p % 16));
    }
    return x;
  }

  @Test
  void cropOrResizeCropsOrResizesImageAndMaskTogetherAboutHalfTheTime() {
    TrainTransform t = new TrainTransform(mvtec(0), null, 5);
    byte[] x = columns();
    byte[] mask = new byte[x.length];
    for (int p = 0; p < x.length; p++) {
      mask[p] = (byte) (p % 16 >= 8 ? 255 : 0); // the right half
    }
    int resized = 0;
    for (long sample = 0; sample < 200; sample++) {
      float[] img = t.train(x, 1, 16, 16, 0, sample);
      float[] m = t.trainMask(mask, 16, 16, 0, sample);
      assertThat(img).hasSize(12 * 12);
      assertThat(m).hasSize(12 * 12);
      // A resize spans columns 0..15 (nearest: (x + 0.5) * 16 / 12); a crop spans 12 of them.
      int first = Math.round(img[0] * 255 / 16);
      int last = Math.round(img[11] * 255 / 16);
      boolean resize = first == 0 && last == 15;
      resized += resize ? 1 : 0;
      for (int col = 0; col < 12; col++) {
        int source = Math.round(img[col] * 255 / 16);
        assertThat(m[col]).as("sample %d column %d", sample, col).isEqualTo(source >= 8 ? 1f : 0f);
      }
    }
    assertThat(resized).isBetween(70, 130);
  }

  @Test
  void cropOrResizeTestImagesAreResizedByNearestPixel() {
    float[] out = new TrainTransform(mvtec(0), null, 1).test(columns(), 1, 16, 16);

    assertThat(out).hasSize(12 * 12);
    for (int col = 0; col < 12; col++) {
      assertThat(out[col] * 255 / 16).isCloseTo((int) ((col + 0.5) * 16 / 12), within(1e-3f));
    }
  }

  @Test
  void imageStdNoiseScalesWithTheImageAndIsClampedToTheUnitRange() {
    byte[] x = columns();
    float[] clean = new TrainTransform(mvtec(0), null, 3).train(x, 1, 16, 16, 0, 1);
    float[] noisy = new TrainTransform(mvtec(0.1), null, 3).train(x, 1, 16, 16, 0, 1);
    double std = TrainTransform.standardDeviation(clean);
    double sum = 0;
    for (int i = 0; i < noisy.length; i++) {
      assertThat(noisy[i]).isBetween(0f, 1f);
      sum += (noisy[i] - clean[i]) * (noisy[i] - clean[i]);
    }
    double rms = Math.sqrt(sum / noisy.length);
    // Clamping at 0 and 1 trims a little of the noise at the darkest and brightest columns.
    assertThat(rms).isBetween(0.07 * std, 0.11 * std);
    assertThat(TrainTransform.standardDeviation(new float[] {1, 2, 3, 4}))
        .isCloseTo(Math.sqrt(5 / 3.0), within(1e-12));
  }

  @Test
  void eachJitterStrengthActsOnItsOwnProperty() {
    float[] red = {1f, 0.5f, 0f, 0f, 0f, 0f};
    float[] onlyHue = red.clone();
    ColorJitter.apply(onlyHue, 3, 1, 2, new JitterStrength(0, 0, 0, 0.5), new SplittableRandom(2));
    float[] none = red.clone();
    ColorJitter.apply(none, 3, 1, 2, new JitterStrength(0, 0, 0, 0), new SplittableRandom(2));

    assertThat(none).containsExactly(red);
    assertThat(onlyHue).isNotEqualTo(red);
  }

  @Test
  void cropOrResizeNeedsACropAndNoPadding() {
    assertThatThrownBy(
            () ->
                PreprocessConfig.defaults()
                    .withCrop(28, 2)
                    .withGeometry(
                        PreprocessConfig.Geometry.CROP_OR_RESIZE,
                        PreprocessConfig.Interpolation.BILINEAR))
        .hasMessageContaining("crop-or-resize needs a crop side and no padding");
  }

  @Test
  void meanStdNormalisesEachChannelAsTorchvision() throws Exception {
    PreprocessConfig voc =
        io.fcddspark.config.ConfigLoader.parse(
            "normalization: mean-std\nmean: [0.4, 0.5, 0.6]\nstd: [0.25, 0.5, 0.1]\nflip: 0\n",
            "preprocess.yaml",
            List.of(),
            PreprocessConfig.class);
    TrainTransform t = new TrainTransform(voc, null, 1);
    // One 2x1 RGB image, interleaved: pixel 0 = (51, 102, 153), pixel 1 = (255, 0, 0).
    byte[] px = {51, 102, (byte) 153, (byte) 255, 0, 0};

    float[] x = t.test(px, 3, 2, 1);

    assertThat(t.fitsScaling()).isFalse();
    float[] expected = {
      (0.2f - 0.4f) / 0.25f, (1f - 0.4f) / 0.25f,
      (0.4f - 0.5f) / 0.5f, (0f - 0.5f) / 0.5f,
      (0.6f - 0.6f) / 0.1f, (0f - 0.6f) / 0.1f
    };
    for (int i = 0; i < x.length; i++) {
      assertThat(x[i]).as("value %d", i).isCloseTo(expected[i], within(1e-5f));
    }
    assertThat(t.train(px, 3, 2, 1, 0, 0)).containsExactly(x);
  }

  @Test
  void perChannelMinMaxFitsAndScalesEachChannel() {
    PreprocessConfig mvtec =
        PreprocessConfig.defaults()
            .withNormalization(PreprocessConfig.Normalization.GCN_L1_MINMAX_PER_CHANNEL);
    TrainTransform unscaled = new TrainTransform(mvtec, null, 1);
    byte[] a = image(3, 4, 4, 1);
    byte[] b = image(3, 4, 4, 2);
    MinMaxScaling s =
        unscaled
            .scalingFit()
            .add(unscaled.forFitting(a, 3, 4, 4), 3)
            .add(unscaled.forFitting(b, 3, 4, 4), 3)
            .result();
    assertThat(s.min()).hasSize(3);

    TrainTransform t = new TrainTransform(mvtec, s, 1);
    float[] xa = t.test(a, 3, 4, 4);
    float[] xb = t.test(b, 3, 4, 4);
    for (int k = 0; k < 3; k++) {
      float lo = Float.MAX_VALUE;
      float hi = -Float.MAX_VALUE;
      for (int i = k * 16; i < (k + 1) * 16; i++) {
        lo = Math.min(lo, Math.min(xa[i], xb[i]));
        hi = Math.max(hi, Math.max(xa[i], xb[i]));
      }
      assertThat(lo).as("channel %d min", k).isCloseTo(0f, within(1e-6f));
      assertThat(hi).as("channel %d max", k).isCloseTo(1f, within(1e-6f));
    }
  }
}
