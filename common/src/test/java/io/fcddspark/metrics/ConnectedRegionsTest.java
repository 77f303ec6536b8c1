package io.fcddspark.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectedRegionsTest {
  private static boolean[] mask(String... rows) {
    boolean[] m = new boolean[rows.length * rows[0].length()];
    for (int y = 0; y < rows.length; y++) {
      for (int x = 0; x < rows[y].length(); x++) {
        m[y * rows[0].length() + x] = rows[y].charAt(x) == '#';
      }
    }
    return m;
  }

  @Test
  void diagonalNeighboursJoinAndRegionsAreNumberedInRasterOrder() {
    ConnectedRegions r =
        ConnectedRegions.of(
            mask(
                "#....##", //
                ".#....#", //
                "..#....", //
                ".......", //
                "##...#.", //
                "#......"),
            6,
            7);
    assertThat(r.count()).isEqualTo(4);
    assertThat(r.sizes()).containsExactly(3, 3, 3, 1);
    assertThat(r.labels()[0]).isEqualTo(1);
    assertThat(r.labels()[2 * 7 + 2]).isEqualTo(1);
    assertThat(r.labels()[5]).isEqualTo(2);
    assertThat(r.labels()[1 * 7 + 6]).isEqualTo(2);
    assertThat(r.labels()[5 * 7]).isEqualTo(3);
    assertThat(r.labels()[4 * 7 + 5]).isEqualTo(4);
    assertThat(r.labels()[3 * 7 + 3]).isZero();
  }

  @Test
  void aSnakeIsOneRegionAndAnEmptyMaskHasNone() {
    assertThat(ConnectedRegions.of(mask("###", "..#", "###", "#..", "###"), 5, 3).sizes())
        .containsExactly(11);
    assertThat(ConnectedRegions.of(new boolean[12], 3, 4).count()).isZero();
  }

  @Test
  void aMaskOfTheWrongSizeIsNamed() {
    assertThatThrownBy(() -> ConnectedRegions.of(new boolean[5], 2, 3))
        .hasMessage("A 2×3 mask needs 6 pixels, got 5");
  }
}
