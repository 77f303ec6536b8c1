package io.fcddspark.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.heatmap.GaussianUpsampler;
import io.fcddspark.heatmap.HeatmapResize;
import io.fcddspark.ingest.PngCodec;
import io.fcddspark.metrics.ScoreLabelCounts;
import io.fcddspark.nets.FcddArchitecture;
import io.fcddspark.preprocess.PreprocessConfig;
import io.fcddspark.preprocess.TrainTransform;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pixel maps at the real MVTec-AD geometry (stored 240, net input 224): a defect that touches the
 * image's border, and a heatmap that marks exactly where the net saw it.
 */
class PixelMapsTest {
  private static final int STORED = 240;
  private static final int INPUT = 224;
  private static final int TOP = 100;
  private static final int BOTTOM = 140;
  private static final int LEFT = 232;
  private static final double SIGMA = 12;

  private static PreprocessConfig mvtec() {
    return PreprocessConfig.defaults()
        .withResize(240)
        .withCrop(224, 0)
        .withAugmentation(0.0, List.of())
        .withNormalization(PreprocessConfig.Normalization.NONE)
        .withGeometry(
            PreprocessConfig.Geometry.CROP_OR_RESIZE, PreprocessConfig.Interpolation.NEAREST);
  }

  private static PreprocessConfig imagenet() {
    return PreprocessConfig.defaults()
        .withResize(256)
        .withCrop(224, 0)
        .withNormalization(PreprocessConfig.Normalization.NONE);
  }

  private static PixelMaps maps(PreprocessConfig p) {
    return new PixelMaps(
        FcddArchitecture.VGG11_BN.receptiveField(), new TrainTransform(p, null, 1), SIGMA);
  }

  /**
   * A stored 240×240 mask: rows [100, 140) of columns [232, 240), along the right border, where a
   * 224 centre crop does not reach.
   */
  private static byte[] storedMask() {
    byte[] m = new byte[STORED * STORED];
    for (int y = TOP; y < BOTTOM; y++) {
      for (int x = LEFT; x < STORED; x++) {
        m[y * STORED + x] = (byte) 255;
      }
    }
    return m;
  }

  @Test
  void theTestMaskIsTheStoredMaskResizedByNearestPixelAsTheReferenceResizesIt() {
    boolean[] mask =
        maps(mvtec()).mask("m", PngCodec.encode(1, STORED, STORED, storedMask()), STORED, STORED);

    assertThat(mask).hasSize(INPUT * INPUT);
    for (int y = 0; y < INPUT; y++) {
      for (int x = 0; x < INPUT; x++) {
        int sy = (int) ((y + 0.5) * STORED / INPUT);
        int sx = (int) ((x + 0.5) * STORED / INPUT);
        boolean defect = sy >= TOP && sy < BOTTOM && sx >= LEFT;
        assertThat(mask[y * INPUT + x]).as("(%d, %d)", y, x).isEqualTo(defect);
      }
    }
    assertThat(mask[120 * INPUT + INPUT - 1]).as("the defect still touches the border").isTrue();
  }

  @Test
  void aCentreCroppedDatasetsMaskIsCroppedWithItsImage() {
    byte[] stored = new byte[256 * 256];
    stored[16 * 256 + 16] = (byte) 255; // the crop's top-left corner
    stored[15 * 256 + 16] = (byte) 255; // just outside it
    PixelMaps maps = maps(imagenet());

    boolean[] mask = maps.mask("m", PngCodec.encode(1, 256, 256, stored), 256, 256);

    assertThat(maps.height(256)).isEqualTo(INPUT);
    assertThat(mask).hasSize(INPUT * INPUT);
    assertThat(mask[0]).isTrue();
    int marked = 0;
    for (boolean b : mask) {
      marked += b ? 1 : 0;
    }
    assertThat(marked).isEqualTo(1);
  }

  @Test
  void theInputPictureIsWhatTheNetSaw() {
    byte[] image = new byte[3 * STORED * STORED];
    for (int p = 0; p < STORED * STORED; p++) {
      image[3 * p] = (byte) (p % STORED); // red = stored column
    }
    byte[] input = maps(mvtec()).input(PngCodec.encode(3, STORED, STORED, image), 3, 240, 240);

    assertThat(input).hasSize(3 * INPUT * INPUT);
    for (int x = 0; x < INPUT; x++) {
      assertThat(Byte.toUnsignedInt(input[3 * x])).isEqualTo((int) ((x + 0.5) * STORED / INPUT));
    }
  }

  /**
   * The pixel AUC of a heatmap that marks the defect where the net saw it: at the reference's
   * geometry (the test image resized to 224, the heatmap upsampled to 224 and brought back to the
   * stored mask's 240 by nearest pixel) it is near 1; the way main computed it before (the net
   * shown the 224 centre crop, its upsampled heatmap stretched over the 240 mask) never shows the
   * net the border defect: chance.
   */
  @Test
  void pixelAucAtTheReferencesGeometryFindsTheBorderDefectTheCentreCropLost() {
    PixelMaps maps = maps(mvtec());
    byte[] stored = storedMask();
    byte[] png = PngCodec.encode(1, STORED, STORED, stored);
    PixelMaps.Counted counted =
        maps.forMetrics("m", marking(maps.mask("m", png, STORED, STORED)), png, STORED, STORED);
    double reference =
        ScoreLabelCounts.ofPixels(counted.heatmap(), floats(counted.mask())).rocAuc().value();

    // Before: the net saw the centre crop [8, 232) of the stored image.
    boolean[] cropped = new boolean[INPUT * INPUT];
    int off = (STORED - INPUT) / 2;
    for (int y = 0; y < INPUT; y++) {
      for (int x = 0; x < INPUT; x++) {
        cropped[y * INPUT + x] = stored[(y + off) * STORED + x + off] != 0;
      }
    }
    GaussianUpsampler up =
        GaussianUpsampler.forField(FcddArchitecture.VGG11_BN.receptiveField(), INPUT, SIGMA);
    float[] stretched =
        HeatmapResize.bilinear(
            up.upsample(toDoubles(marking(cropped))), INPUT, INPUT, STORED, STORED);
    float[] storedLabels = new float[STORED * STORED];
    for (int p = 0; p < stored.length; p++) {
      storedLabels[p] = stored[p] != 0 ? 1f : 0f;
    }
    double before = ScoreLabelCounts.ofPixels(stretched, storedLabels).rocAuc().value();

    assertThat(reference).isGreaterThan(0.99);
    assertThat(before).isEqualTo(0.5);
  }

  /** A 28×28 heatmap: 1 in every 8×8 cell of the 224 input holding a defect pixel, else 0. */
  private static float[] marking(boolean[] input) {
    float[] a = new float[28 * 28];
    for (int y = 0; y < INPUT; y++) {
      for (int x = 0; x < INPUT; x++) {
        if (input[y * INPUT + x]) {
          a[(y / 8) * 28 + x / 8] = 1f;
        }
      }
    }
    return a;
  }

  private static float[] floats(boolean[] b) {
    float[] f = new float[b.length];
    for (int i = 0; i < b.length; i++) {
      f[i] = b[i] ? 1f : 0f;
    }
    return f;
  }

  private static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
