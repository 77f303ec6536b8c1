package io.fcddspark.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConfettiNoiseTest {
  private static byte[] grey(int c, int h, int w, int value) {
    byte[] px = new byte[c * h * w];
    Arrays.fill(px, (byte) value);
    return px;
  }

  @Test
  void darkensABrightImageWithBlurredBlobsSeededBySample() {
    byte[] img = grey(3, 224, 224, 200);
    byte[] a = ConfettiNoise.apply(img, 3, 224, 224, new SplittableRandom(1));
    byte[] b = ConfettiNoise.apply(img, 3, 224, 224, new SplittableRandom(1));
    byte[] other = ConfettiNoise.apply(img, 3, 224, 224, new SplittableRandom(2));

    assertThat(a).isEqualTo(b).isNotEqualTo(other);
    int changed = 0;
    for (int i = 0; i < a.length; i++) {
      assertThat(a[i] & 0xFF).isLessThanOrEqualTo(200); // the blobs are negative
      changed += a[i] != img[i] ? 1 : 0;
    }
    // At least two blobs of at least 8x8, blurred: a visible but local change.
    assertThat(changed).isGreaterThan(2 * 64 * 3).isLessThan(a.length / 2);
  }

  @Test
  void negatesTheNoiseOnADarkImage() {
    byte[] img = grey(1, 64, 64, 0);
    byte[] a = ConfettiNoise.apply(img, 1, 64, 64, new SplittableRandom(3));

    assertThat(a).isNotEqualTo(img);
    for (byte v : a) {
      assertThat(v & 0xFF).isGreaterThanOrEqualTo(0);
    }
    long brighter = 0;
    for (byte v : a) {
      brighter += (v & 0xFF) > 0 ? 1 : 0;
    }
    assertThat(brighter).isPositive();
  }

  @Test
  void everyLayerHasABlobEvenOnATinyImage() {
    float[] noise = new float[1 * 8 * 8];
    ConfettiNoise.addBlobs(noise, 1, 8, 8, 1e-9, false, new SplittableRandom(5));
    // A blob of side >= 8 centred in an 8x8 image covers at least a quarter of it.
    long covered = 0;
    for (float v : noise) {
      covered += v == -255f ? 1 : 0;
    }
    assertThat(covered).isGreaterThanOrEqualTo(16);
  }

  @Test
  void blurKeepsAConstantImageAndReflectsBorders() {
    float[] img = new float[2 * 30 * 30];
    Arrays.fill(img, -100f);
    ConfettiNoise.blur(img, 2, 30, 30);
    for (float v : img) {
      assertThat((double) v).isCloseTo(-100, within(1e-3));
    }
    assertThat(ConfettiNoise.reflect(-1, 5)).isEqualTo(1);
    assertThat(ConfettiNoise.reflect(-3, 5)).isEqualTo(3);
    assertThat(ConfettiNoise.reflect(5, 5)).isEqualTo(3);
    assertThat(ConfettiNoise.reflect(12, 5)).isEqualTo(4);
  }
}
