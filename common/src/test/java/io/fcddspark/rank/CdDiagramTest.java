package io.fcddspark.rank;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The paper's Table 2 as CD diagrams: every method named with its rank, one bar per clique. */
class CdDiagramTest {
  private static RankAnalysis table2() {
    BaselineTable t =
        BaselineTable.read(Path.of("../conf/baselines/fcdd-table2-mvtec-pixel-auc.csv"));
    return RankAnalysis.of(
        ResultsTable.of(t.cells()), true, 0.05, WilcoxonSignedRank.ZeroMethod.PRATT);
  }

  @Test
  void bothDiagramsNameEveryMethodWithItsRankAndDrawOneBarPerClique() throws Exception {
    RankAnalysis a = table2();
    for (CdDiagram d :
        new CdDiagram[] {
          CdDiagram.nemenyi(a, "Nemenyi"), CdDiagram.wilcoxonHolm(a, "Wilcoxon–Holm")
        }) {
      String svg = d.svg();
      assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"");
      for (int m = 0; m < a.methods().size(); m++) {
        assertThat(svg)
            .contains(
                String.format(
                    java.util.Locale.ROOT,
                    ">%s (%.2f)<",
                    a.methods().get(m),
                    a.ranks().average()[m]));
      }
      BufferedImage png = ImageIO.read(new ByteArrayInputStream(d.png(2)));
      assertThat(png.getWidth()).isGreaterThan(600);
    }
    String nemenyi = CdDiagram.nemenyi(a, "Nemenyi").svg();
    assertThat(nemenyi)
        .contains(String.format(java.util.Locale.ROOT, "CD = %.3f", a.criticalDifference()));
    assertThat(count(nemenyi, "stroke=\"#c0392b\"")).isEqualTo(a.nemenyiCliques().size());
    assertThat(count(CdDiagram.wilcoxonHolm(a, "W").svg(), "stroke=\"#c0392b\""))
        .isEqualTo(a.wilcoxonCliques().size());
    // FCDD semi-supervised ranks first on Table 2 (0.96 mean, best on 7 classes).
    assertThat(a.methods().get(a.order()[0])).isEqualTo("FCDD semi-supervised");
  }

  @Test
  void aLongTitleWidensTheDiagramInsteadOfBeingClipped() throws Exception {
    // Four short method names: a narrow diagram.
    RankAnalysis a =
        RankAnalysis.of(
            ResultsTable.of(
                BaselineTable.read(Path.of("../conf/baselines/fcdd-table6-fashion-mnist-auc.csv"))
                    .cells()),
            true,
            0.05,
            WilcoxonSignedRank.ZeroMethod.PRATT);
    String title =
        "FCDD on Fashion-MNIST — reproduction of Table 6 (fcdd-spark): fashion-mnist sample_auc"
            + " — Wilcoxon–Holm";
    BufferedImage png =
        ImageIO.read(new ByteArrayInputStream(CdDiagram.wilcoxonHolm(a, title).png(1)));
    BufferedImage shortTitle =
        ImageIO.read(new ByteArrayInputStream(CdDiagram.wilcoxonHolm(a, "W").png(1)));
    assertThat(png.getWidth()).isGreaterThan(shortTitle.getWidth());
    // The title's rows (baseline at y = 20) have white at both edges: no glyph is cut off.
    for (int y = 4; y < 26; y++) {
      assertThat(png.getRGB(0, y) & 0xffffff).as("left edge, row %d", y).isEqualTo(0xffffff);
      assertThat(png.getRGB(png.getWidth() - 1, y) & 0xffffff)
          .as("right edge, row %d", y)
          .isEqualTo(0xffffff);
    }
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
