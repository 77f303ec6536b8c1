package io.fcddspark.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fcddspark.ingest.ImageResize;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Heatmaps resize on the same half-pixel grid as images (checked against PIL in ingest). */
class HeatmapResizeTest {
  @Test
  void matchesTheImageResizeOnTheSameValuesUpAndDown() {
    Random r = new Random(3);
    byte[] img = new byte[7 * 9];
    r.nextBytes(img);
    double[] map = new double[img.length];
    for (int i = 0; i < map.length; i++) {
      map[i] = Byte.toUnsignedInt(img[i]);
    }
    for (int[] size : new int[][] {{16, 20}, {3, 4}, {7, 9}}) {
      float[] resized = HeatmapResize.bilinear(map, 7, 9, size[0], size[1]);
      byte[] expected = ImageResize.bilinear(img, 1, 7, 9, size[0], size[1]);
      for (int i = 0; i < resized.length; i++) {
        assertThat(Math.round(resized[i])).isEqualTo(Byte.toUnsignedInt(expected[i]));
      }
    }
  }

  @Test
  void theSameSizeIsACopyAndAWrongLengthIsNamed() {
    assertThat(HeatmapResize.bilinear(new double[] {0.25, 0.5, 1, 2}, 2, 2, 2, 2))
        .containsExactly(0.25f, 0.5f, 1f, 2f);
    assertThatThrownBy(() -> HeatmapResize.bilinear(new double[3], 2, 2, 4, 4))
        .hasMessage("A 2×2 heatmap needs 4 values, got 3");
  }
}
