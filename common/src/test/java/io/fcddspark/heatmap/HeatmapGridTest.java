package io.fcddspark.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class HeatmapGridTest {
  private static HeatmapGrid.Column column(Boolean anomalous, double score) {
    return new HeatmapGrid.Column(new byte[16], 1, new float[16], null, anomalous, score);
  }

  private static BufferedImage image(HeatmapGrid grid) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(grid.png()));
  }

  @Test
  void labelledColumnsGetAColouredScoredBandAndAGapWhereNominalOnesEnd() throws Exception {
    // 4×4 cells at scale 2: 8 px wide.
    BufferedImage plain =
        image(
            new HeatmapGrid(4, 4, 2)
                .add(new HeatmapGrid.Column(new byte[16], 1, new float[16], null))
                .add(new HeatmapGrid.Column(new byte[16], 1, new float[16], null)));
    assertThat(plain.getWidth()).isEqualTo(8 + 2 + 8);
    assertThat(plain.getHeight()).isEqualTo(2 * 8 + 2);

    BufferedImage labelled =
        image(
            new HeatmapGrid(4, 4, 2)
                .add(column(false, 0.01))
                .add(column(false, 0.02))
                .add(column(true, 0.5)));
    assertThat(labelled.getWidth()).isEqualTo(8 + 2 + 8 + HeatmapGrid.GROUP_GAP + 8);
    assertThat(labelled.getHeight()).isEqualTo(HeatmapGrid.BAND + 2 * 8 + 2);
    assertThat(labelled.getRGB(0, 1) & 0xffffff).isEqualTo(HeatmapGrid.NOMINAL_COLOUR);
    assertThat(labelled.getRGB(10, 1) & 0xffffff).isEqualTo(HeatmapGrid.NOMINAL_COLOUR);
    assertThat(labelled.getRGB(18 + HeatmapGrid.GROUP_GAP, 1) & 0xffffff)
        .isEqualTo(HeatmapGrid.ANOMALOUS_COLOUR);
    // The gap between the groups stays white.
    assertThat(labelled.getRGB(18 + 1, HeatmapGrid.BAND + 3) & 0xffffff).isEqualTo(0xffffff);
  }
}
