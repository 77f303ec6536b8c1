package io.fcddspark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The area resize against means worked out by hand, and what it keeps that bilinear loses. */
class ImageResizeTest {
  @Test
  void anIntegerFactorAveragesEachBlock() {
    byte[] src = {
      0, 10, 20, 30, //
      40, 50, 60, 70, //
      80, 90, 100, 110, //
      120, (byte) 130, (byte) 140, (byte) 150
    };
    assertThat(ImageResize.area(src, 1, 4, 4, 2, 2)).containsExactly(25, 45, 105, 125);
  }

  @Test
  void aFractionalFactorWeighsEachSourcePixelByItsCoveredPart() {
    // 3 -> 2: output 0 covers [0, 1.5): p0 and half of p1; output 1 covers [1.5, 3).
    byte[] src = {0, 90, (byte) 180};
    assertThat(ImageResize.area(src, 1, 1, 3, 1, 2))
        .containsExactly(Math.round((0 + 0.5f * 90) / 1.5f), Math.round((0.5f * 90 + 180) / 1.5f));
  }

  @Test
  void channelsStayApartAndAConstantImageStaysConstant() {
    byte[] rgb = new byte[3 * 7 * 5];
    for (int p = 0; p < 35; p++) {
      rgb[3 * p] = 10;
      rgb[3 * p + 1] = (byte) 200;
      rgb[3 * p + 2] = (byte) 255;
    }
    byte[] out = ImageResize.area(rgb, 3, 7, 5, 3, 2);
    for (int p = 0; p < 6; p++) {
      assertThat(out[3 * p]).isEqualTo((byte) 10);
      assertThat(out[3 * p + 1]).isEqualTo((byte) 200);
      assertThat(out[3 * p + 2]).isEqualTo((byte) 255);
    }
  }

  @Test
  void theMeanIntensityIsKeptWhenShrinkingByALargeFactor() {
    // A 1-pixel grid line every 10 pixels of a 560-pixel image: shrunk 20 times, bilinear reads
    // 2 of every 20 columns and mostly misses the lines; the area resize keeps their ink.
    int n = 560;
    byte[] src = new byte[n * n];
    long sum = 0;
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        if (x % 10 == 3 || y % 10 == 3) {
          src[y * n + x] = (byte) 255;
          sum += 255;
        }
      }
    }
    double meanIn = (double) sum / (n * n);
    assertThat(mean(ImageResize.area(src, 1, n, n, 28, 28))).isCloseTo(meanIn, within(1.0));
    assertThat(mean(ImageResize.bilinear(src, 1, n, n, 28, 28))).isLessThan(meanIn / 2);
  }

  @Test
  void upscalingCopiesEachSourcePixelOverTheOutputsItCovers() {
    assertThat(ImageResize.area(new byte[] {0, 100}, 1, 1, 2, 1, 4))
        .containsExactly(0, 0, 100, 100);
    assertThat(ImageResize.area(new byte[] {0, 90}, 1, 1, 2, 1, 3)).containsExactly(0, 45, 90);
  }

  @Test
  void randomImagesKeepTheirMeanWithinRounding() {
    Random r = new Random(7);
    for (int trial = 0; trial < 20; trial++) {
      int h = 1 + r.nextInt(60);
      int w = 1 + r.nextInt(60);
      int oh = 1 + r.nextInt(30);
      int ow = 1 + r.nextInt(30);
      byte[] src = new byte[h * w];
      r.nextBytes(src);
      // Exact when the factor divides evenly; otherwise the mean is kept up to rounding.
      if (h % oh == 0 && w % ow == 0) {
        assertThat(mean(ImageResize.area(src, 1, h, w, oh, ow))).isCloseTo(mean(src), within(0.5));
      }
      assertThat(ImageResize.area(src, 1, h, w, oh, ow)).hasSize(oh * ow);
    }
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  private static double mean(byte[] px) {
    double s = 0;
    for (byte b : px) {
      s += Byte.toUnsignedInt(b);
    }
    return s / px.length;
  }
}
