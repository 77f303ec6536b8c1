package io.fcddspark.nets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fcddspark.geometry.ReceptiveField;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FcddArchitectureTest {

  @ParameterizedTest(name = "{0}: {1} params, {2}x{2} heatmap, r={3}, j={4}, start={5}")
  @CsvSource({
    "CNN28, 413441, 7, 16, 4, 1.5",
    "CNN32, 1185281, 8, 22, 4, 1.5",
    "VGG11_BN, 4504833, 28, 62, 8, 3.5"
  })
  void layerListsGiveThePapersCountsAndGeometry(
      FcddArchitecture arch, long params, int heatmap, int field, int jump, double start) {
    assertThat(arch.trainableParams(Head.fcdd())).isEqualTo(params);
    ReceptiveField rf = arch.receptiveField();
    assertThat(rf.size()).isEqualTo(heatmap);
    assertThat(rf.fieldSize()).isEqualTo(field);
    assertThat(rf.jump()).isEqualTo(jump);
    assertThat(rf.start()).isEqualTo(start);
  }

  @Test
  void receptiveFieldFollowsTheArithmeticLayerByLayer() {
    // conv 3x3 pad 1: r 3; pool 2: r 4, j 2, start 0.5; conv 3x3 pad 1 -> r 8.
    ReceptiveField rf =
        LayerSpec.receptiveField(
            List.of(
                LayerSpec.Conv.of(1, 1, 3, 1),
                new LayerSpec.MaxPool(2, 2, 0),
                LayerSpec.Conv.of(1, 1, 3, 1)),
            16);
    assertThat(rf).isEqualTo(new ReceptiveField(8, 2, 8, 0.5));
  }

  @Test
  void hscHeadIsADenseLayerOnTheFlattenedTrunk() {
    // CNN28 trunk: 413,441 - 129 (1x1 conv) = 413,312; dense 128*7*7*48 + 48.
    assertThat(FcddArchitecture.CNN28.trainableParams(Head.hsc(48)))
        .isEqualTo(413_312L + 128L * 7 * 7 * 48 + 48);
  }

  @Test
  void impossibleGeometryIsNamed() {
    assertThatThrownBy(() -> LayerSpec.receptiveField(List.of(LayerSpec.Conv.of(1, 1, 5, 0)), 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A layer with kernel 5, stride 1, padding 0 cannot take an input of side 3");
    assertThatThrownBy(() -> new LayerSpec.Conv(1, 2, 3, 1, 1).outChannels(3))
        .hasMessage("conv expects 1 input channels, got 3");
  }
}
