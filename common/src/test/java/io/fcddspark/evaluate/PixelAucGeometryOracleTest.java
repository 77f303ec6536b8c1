package io.fcddspark.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import io.fcddspark.Oracles;
import io.fcddspark.config.ConfigLoader;
import io.fcddspark.ingest.PngCodec;
import io.fcddspark.metrics.ExactAuc;
import io.fcddspark.metrics.ScoreLabelCounts;
import io.fcddspark.nets.FcddArchitecture;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.train.TrainConfig;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pooled pixel ROC-AUC at MVTec-AD's real geometry (stored 240, net input 224) equals the
 * reference's computation on the same net outputs and masks, as an exact fraction
 * (oracles/pixel_auc_geometry.json, from bench/python/pixel_auc_geometry_oracle.py: the reference's
 * receptive_upsample, F.interpolate to the mask's size, scikit-learn).
 */
class PixelAucGeometryOracleTest {
  private static final JsonNode ORACLE = Oracles.load("pixel_auc_geometry.json");
  private static final int STORED = ORACLE.get("stored").asInt();
  private static final int INPUT = ORACLE.get("input").asInt();
  private static final int SIDE = ORACLE.get("heatmap_side").asInt();

  private static PixelMaps shippedMvtecMaps() {
    TrainConfig config =
        ConfigLoader.load(Path.of("../conf/train/mvtec-ad.yaml"), List.of(), TrainConfig.class);
    assertThat(config.architecture()).isEqualTo(FcddArchitecture.VGG11_BN);
    return new PixelMaps(
        FcddArchitecture.VGG11_BN.receptiveField(),
        new TrainTransform(config.preprocess(), null, 1),
        ORACLE.get("gauss_std").asDouble());
  }

  /**
   * The oracle's formula on a side&times;side grid whose pixel (y, x) is centred at step·y + offset
   * in the 224 input (see the generating script).
   */
  private static float[] formulaMap(int i, JsonNode defect, int side, int step, double offset) {
    float[] a = new float[side * side];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        double v = ((i * 7919 + y * 389 + x * 97) % 1013) / 1013.0 * 0.5;
        double cy = (step * y + offset) * STORED / INPUT;
        double cx = (step * x + offset) * STORED / INPUT;
        if (!defect.isNull()
            && cy >= defect.get(0).asInt()
            && cy < defect.get(1).asInt()
            && cx >= defect.get(2).asInt()
            && cx < defect.get(3).asInt()) {
          v += 1.0;
        }
        a[y * side + x] = (float) v;
      }
    }
    return a;
  }

  private static byte[] maskPng(JsonNode defect) {
    byte[] m = new byte[STORED * STORED];
    if (!defect.isNull()) {
      for (int y = defect.get(0).asInt(); y < defect.get(1).asInt(); y++) {
        for (int x = defect.get(2).asInt(); x < defect.get(3).asInt(); x++) {
          m[y * STORED + x] = (byte) 255;
        }
      }
    }
    return PngCodec.encode(1, STORED, STORED, m);
  }

  /** Our pooled counts of the six images, and the counts of the 224 maps figures show. */
  private record Pooled(
      ScoreLabelCounts counted, ScoreLabelCounts atInput, long pixels, long marked) {}

  private static Pooled pool(boolean fromNetOutput) {
    PixelMaps maps = shippedMvtecMaps();
    ScoreLabelCounts counted = ScoreLabelCounts.empty();
    ScoreLabelCounts atInput = ScoreLabelCounts.empty();
    long pixels = 0;
    long marked = 0;
    JsonNode defects = ORACLE.get("defects");
    for (int i = 0; i < defects.size(); i++) {
      String id = "image-" + i;
      byte[] png = maskPng(defects.get(i));
      float[] fullResolution =
          fromNetOutput
              ? maps.heatmap(id, formulaMap(i, defects.get(i), SIDE, 8, 3.5), STORED, STORED)
              : formulaMap(i, defects.get(i), INPUT, 1, 0.5);
      PixelMaps.Counted c = maps.counted(id, fullResolution, png, STORED, STORED);
      counted = counted.merge(ScoreLabelCounts.ofPixels(c.heatmap(), labels(c.mask())));
      pixels += c.heatmap().length;
      for (boolean b : c.mask()) {
        marked += b ? 1 : 0;
      }
      atInput =
          atInput.merge(
              ScoreLabelCounts.ofPixels(
                  fullResolution, labels(maps.mask(id, png, STORED, STORED))));
    }
    return new Pooled(counted, atInput, pixels, marked);
  }

  @Test
  void fromFullResolutionHeatmapsThePooledPixelAucIsTheReferencesExactFraction() {
    JsonNode oracle = ORACLE.get("full_resolution");
    Pooled ours = pool(false);
    ExactAuc auc = ours.counted().rocAuc();

    assertThat(ours.pixels()).isEqualTo(oracle.get("pixels").asLong());
    assertThat(ours.marked()).isEqualTo(oracle.get("anomalous_pixels").asLong());
    assertThat(auc.numerator())
        .isEqualTo(new BigInteger(oracle.get("auc_fraction").get(0).asText()));
    assertThat(auc.denominator())
        .isEqualTo(new BigInteger(oracle.get("auc_fraction").get(1).asText()));
    // scikit-learn's trapezoid sum in floats, against our fraction rounded once.
    assertThat(auc.value()).isCloseTo(oracle.get("auc").asDouble(), offset(1e-15));
    // The test loader's 224 maps are not where the reference counts: another number.
    assertThat(ours.atInput().rocAuc().value())
        .isEqualTo(oracle.get("auc_masks_resized_to_224").asDouble())
        .isNotEqualTo(auc.value());
  }

  @Test
  void fromTheNetsOutputThePooledPixelAucIsTheReferencesToFloatPrecision() {
    JsonNode oracle = ORACLE.get("net_output");
    Pooled ours = pool(true);
    double auc = ours.counted().rocAuc().value();

    assertThat(ours.pixels()).isEqualTo(oracle.get("pixels").asLong());
    assertThat(ours.marked()).isEqualTo(oracle.get("anomalous_pixels").asLong());
    // Torch sums its float32 transposed convolution in its own order: a few near-tied pixel pairs
    // of the 5·10^9 order differently (the geometries differ by 3·10^-4).
    assertThat(auc).isCloseTo(oracle.get("auc").asDouble(), offset(1e-8));
    assertThat(ours.atInput().rocAuc().value())
        .isCloseTo(oracle.get("auc_masks_resized_to_224").asDouble(), offset(1e-8));
    assertThat(Math.abs(auc - oracle.get("auc_masks_resized_to_224").asDouble()))
        .isGreaterThan(1e-4);
  }

  private static float[] labels(boolean[] mask) {
    float[] f = new float[mask.length];
    for (int p = 0; p < mask.length; p++) {
      f[p] = mask[p] ? 1f : 0f;
    }
    return f;
  }
}
