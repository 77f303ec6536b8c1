package io.fcddspark.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuantileNormalizerTest {

  @Test
  void shiftsByTheMinimumAndScalesByTheEtaQuantile() {
    // pixels 1..5 over two maps: min 1, shifted 0..4; numpy.quantile([0,1,2,3,4], 0.85) = 3.4.
    QuantileNormalizer n =
        QuantileNormalizer.fit(List.of(new float[] {1, 2, 3}, new float[] {4, 5}), 0.85);
    assertThat(n.minimum()).isEqualTo(1.0);
    assertThat(n.quantile()).isCloseTo(3.4, within(1e-12));
    float[] out = n.apply(new float[] {1, 2.7f, 5});
    assertThat(out[0]).isEqualTo(0f);
    assertThat(out[1]).isCloseTo(0.5f, within(1e-6f));
    assertThat(out[2]).isEqualTo(1f); // 4 / 3.4 > 1: clamped
  }

  @Test
  void constantHeatmapNormalisesToZero() {
    float[] flat = {2, 2, 2};
    assertThat(QuantileNormalizer.fitOne(flat, 0.97).apply(flat)).containsOnly(0f);
  }

  @Test
  void badInputIsNamed() {
    assertThatThrownBy(() -> QuantileNormalizer.fitOne(new float[] {1}, 0))
        .hasMessage("Quantile eta must be in (0, 1], got 0.0");
    assertThatThrownBy(() -> QuantileNormalizer.fit(List.of(new float[0]), 0.5))
        .hasMessage("Cannot normalise heatmaps: the collection has no pixels");
    assertThatThrownBy(
            () -> QuantileNormalizer.fit(List.of(new float[] {1}, new float[] {Float.NaN}), 0.5))
        .hasMessage("Heatmap 1 has a non-finite pixel NaN at index 0");
  }

  @Test
  void balancedSelectionIsSeededAndBalanced() {
    boolean[] anomalous = {false, false, false, false, true, true, false, true};
    List<Integer> a = BalancedSelection.indices(anomalous, 3);
    assertThat(a).hasSize(6).isSorted();
    assertThat(a.stream().filter(i -> anomalous[i]).count()).isEqualTo(3);
    assertThat(BalancedSelection.indices(anomalous, 3)).isEqualTo(a);
    assertThatThrownBy(() -> BalancedSelection.indices(new boolean[] {false}, 1))
        .hasMessage("Cannot balance 1 samples: 1 nominal and 0 anomalous, both classes are needed");
  }

  @Test
  void jetRunsFromDarkBlueToDarkRed() {
    assertThat(JetColormap.rgb(0.0)).isEqualTo(0x000080);
    assertThat(JetColormap.rgb(1.0)).isEqualTo(0x800000);
    int mid = JetColormap.rgb(0.5);
    assertThat((mid >> 8) & 0xff).isEqualTo(255); // green at the middle
    assertThat(JetColormap.rgb(-3)).isEqualTo(JetColormap.rgb(0));
  }
}
