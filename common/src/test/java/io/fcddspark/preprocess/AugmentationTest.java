package io.fcddspark.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.random.SampleRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest {
  private static float[] ramp(int c, int h, int w) {
    float[] x = new float[c * h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = i + 1;
    }
    return x;
  }

  @Test
  void aPaddedCropIsAShiftWithZerosAndCoversEveryOffset() {
    float[] x = ramp(1, 4, 4);
    Set<String> offsets = new HashSet<>();
    for (int s = 0; s < 400; s++) {
      float[] out = Augmentation.randomCrop(x, 1, 4, 4, 4, 1, new SplittableRandom(s));
      // find the shift (dy, dx) that explains the crop: out[y][x] = x[y+dy][x+dx] or 0 outside
      int found = 0;
      for (int dy = -1; dy <= 1; dy++) {
        for (int dx = -1; dx <= 1; dx++) {
          boolean ok = true;
          for (int y = 0; y < 4 && ok; y++) {
            for (int xx = 0; xx < 4 && ok; xx++) {
              int sy = y + dy;
              int sx = xx + dx;
              float want = sy < 0 || sy >= 4 || sx < 0 || sx >= 4 ? 0 : x[sy * 4 + sx];
              ok = out[y * 4 + xx] == want;
            }
          }
          if (ok) {
            offsets.add(dy + "," + dx);
            found++;
          }
        }
      }
      assertThat(found).isEqualTo(1);
    }
    assertThat(offsets).hasSize(9);
  }

  @Test
  void aFlipMirrorsEveryChannelAndTwiceIsTheIdentity() {
    float[] x = ramp(2, 2, 3);
    float[] once =
        Augmentation.randomHorizontalFlip(x.clone(), 2, 2, 3, 1.0, new SplittableRandom(1));

    assertThat(once).containsExactly(3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10);
    assertThat(Augmentation.randomHorizontalFlip(once, 2, 2, 3, 1.0, new SplittableRandom(2)))
        .containsExactly(x);
    assertThat(Augmentation.randomHorizontalFlip(x.clone(), 2, 2, 3, 0.0, new SplittableRandom(3)))
        .containsExactly(x);
  }

  @Test
  void sampleStreamsDependOnlyOnTheirCoordinates() {
    long a = SampleRandom.of(7, 3, 42, SampleRandom.Purpose.AUGMENTATION).nextLong();

    assertThat(SampleRandom.of(7, 3, 42, SampleRandom.Purpose.AUGMENTATION).nextLong())
        .isEqualTo(a);
    assertThat(SampleRandom.of(8, 3, 42, SampleRandom.Purpose.AUGMENTATION).nextLong())
        .isNotEqualTo(a);
    assertThat(SampleRandom.of(7, 4, 42, SampleRandom.Purpose.AUGMENTATION).nextLong())
        .isNotEqualTo(a);
    assertThat(SampleRandom.of(7, 3, 43, SampleRandom.Purpose.AUGMENTATION).nextLong())
        .isNotEqualTo(a);
    assertThat(SampleRandom.of(7, 3, 42, SampleRandom.Purpose.OUTLIER_EXPOSURE).nextLong())
        .isNotEqualTo(a);
  }

  @Test
  void outlierExposureReplacesHalfTheSamplesUniformlyAndReproducibly() {
    OutlierExposureSampler oe =
        new OutlierExposureSampler(11, 10, OutlierExposureSampler.REFERENCE_P);
    int n = 100_000;
    int replaced = 0;
    int[] counts = new int[10];
    for (int i = 0; i < n; i++) {
      long r = oe.replacement(0, i);
      assertThat(oe.replacement(0, i)).isEqualTo(r);
      if (r >= 0) {
        replaced++;
        counts[(int) r]++;
      }
    }
    // 5 standard deviations of a binomial(100000, 0.5): 791
    assertThat(replaced).isBetween(n / 2 - 791, n / 2 + 791);
    for (int c : counts) {
      assertThat(c).isBetween(replaced / 10 - 500, replaced / 10 + 500);
    }
    assertThat(new OutlierExposureSampler(11, 0, 0.5).replacement(0, 1)).isEqualTo(-1);
  }
}
