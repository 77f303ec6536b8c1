package io.fcddspark.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fcddspark.ingest.FashionMnistFiles;
import io.fcddspark.ingest.IdxEntry;
import io.fcddspark.ingest.IdxPairReader;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobalContrastNormalizationTest {
  /**
   * The reference's per-class constants for Fashion-MNIST ({@code min_max_l1} in liznerski/fcdd
   * python/fcdd/datasets/fmnist.py): min and max over the class's training images after L1 global
   * contrast normalisation of the [0, 1] pixels.
   */
  private static final double[][] REFERENCE_MIN_MAX = {
    {-2.681239128112793, 24.85430908203125},
    {-2.5778584480285645, 11.169795989990234},
    {-2.808171510696411, 19.133548736572266},
    {-1.9533653259277344, 18.65673065185547},
    {-2.6103856563568115, 19.166685104370117},
    {-1.2358522415161133, 28.463092803955078},
    {-3.251605987548828, 24.196823120117188},
    {-1.0814440250396729, 16.878812789916992},
    {-3.6560964584350586, 11.3502836227417},
    {-1.3859291076660156, 11.426650047302246}
  };

  /** float32 arithmetic in the reference against double here. */
  private static final double FLOAT32_TOLERANCE = 1e-5;

  @Test
  void subtractsTheMeanAndDividesByTheMeanAbsoluteDeviation() {
    float[] x = {1, 2, 3, 6}; // mean 3, |x - 3| = 2, 1, 0, 3: mean 1.5

    assertThat(GlobalContrastNormalization.l1(x)).containsExactly(-4f / 3, -2f / 3, 0f, 2f);
  }

  @Test
  void doesNotDependOnThePixelScaleAndZeroesAConstantImage() {
    float[] a = {10, 200, 30, 255};
    float[] b = {10 / 255f, 200 / 255f, 30 / 255f, 1f};

    float[] na = GlobalContrastNormalization.l1(a);
    float[] nb = GlobalContrastNormalization.l1(b);
    for (int i = 0; i < 4; i++) {
      assertThat(na[i]).isCloseTo(nb[i], within(1e-5f));
    }
    assertThat(GlobalContrastNormalization.l1(new float[] {7, 7, 7})).containsOnly(0f);
  }

  @Test
  void reproducesTheReferenceMinMaxConstantsOnRealFashionMnist() throws Exception {
    FashionMnistFiles.require();
    MinMaxScaling.Fit[] fits = new MinMaxScaling.Fit[10];
    for (int c = 0; c < 10; c++) {
      fits[c] = new MinMaxScaling.Fit(false);
    }
    try (InputStream im = Files.newInputStream(FashionMnistFiles.images("train"));
        InputStream lb = Files.newInputStream(FashionMnistFiles.labels("train"));
        IdxPairReader reader = new IdxPairReader("images", im, "labels", lb, 10)) {
      while (reader.hasNext()) {
        IdxEntry.Image e = (IdxEntry.Image) reader.next();
        float[] x = new float[e.pixels().length];
        for (int i = 0; i < x.length; i++) {
          x[i] = Byte.toUnsignedInt(e.pixels()[i]) / 255f;
        }
        fits[e.label()].add(GlobalContrastNormalization.l1(x), 1);
      }
    }

    for (int c = 0; c < 10; c++) {
      MinMaxScaling s = fits[c].result();
      assertThat(s.min().get(0))
          .as("class %d min", c)
          .isCloseTo(REFERENCE_MIN_MAX[c][0], within(FLOAT32_TOLERANCE));
      assertThat(s.max().get(0))
          .as("class %d max", c)
          .isCloseTo(REFERENCE_MIN_MAX[c][1], within(FLOAT32_TOLERANCE * 10));
    }
  }

  @Test
  void partialFitsMergeToTheWholeFit() {
    float[][] images = {{-1, 2}, {0.5f, 7}, {-3, 1}};
    MinMaxScaling whole =
        new MinMaxScaling.Fit(false).add(images[0], 1).add(images[1], 1).add(images[2], 1).result();
    MinMaxScaling merged =
        new MinMaxScaling.Fit(false)
            .add(images[2], 1)
            .merge(new MinMaxScaling.Fit(false).add(images[1], 1).add(images[0], 1))
            .merge(new MinMaxScaling.Fit(false))
            .result();

    assertThat(merged).isEqualTo(whole).isEqualTo(new MinMaxScaling(-3, 7));
    assertThat(whole.apply(new float[] {-3, 2, 7})).containsExactly(0f, 0.5f, 1f);
  }

  @Test
  void perChannelConstantsScaleEachChannelToItsOwnRange() {
    // Two 2-pixel RGB images, channel-major: R then G then B.
    float[] a = {-1, 2, 0, 0.5f, 10, 12};
    float[] b = {1, 3, -4, 0, 11, 14};
    MinMaxScaling perChannel =
        new MinMaxScaling.Fit(true).add(a, 3).merge(new MinMaxScaling.Fit(true).add(b, 3)).result();
    MinMaxScaling joint = new MinMaxScaling.Fit(false).add(a, 3).add(b, 3).result();

    assertThat(perChannel.perChannel()).isTrue();
    assertThat(perChannel.min()).containsExactly(-1.0, -4.0, 10.0);
    assertThat(perChannel.max()).containsExactly(3.0, 0.5, 14.0);
    assertThat(joint).isEqualTo(new MinMaxScaling(-4, 14));
    assertThat(perChannel.apply(new float[] {-1, 3, -4, 0.5f, 10, 14}))
        .containsExactly(0f, 1f, 0f, 1f, 0f, 1f);
    assertThatThrownBy(() -> new MinMaxScaling.Fit(true).add(a, 3).add(new float[] {1, 2}, 1))
        .hasMessageContaining("3 and 1 channels");
    assertThatThrownBy(() -> perChannel.apply(new float[] {1, 2}))
        .hasMessageContaining("has no 3 equal channels");
    assertThatThrownBy(() -> new MinMaxScaling(List.of(0.0, 1.0), List.of(1.0, 1.0)))
        .hasMessageContaining("channel 1");
  }
}
