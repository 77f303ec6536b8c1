package io.fcddspark.spark.evaluate;

import io.fcddspark.geometry.ReceptiveField;
import io.fcddspark.heatmap.GaussianUpsampler;
import io.fcddspark.heatmap.HeatmapResize;
import io.fcddspark.ingest.PngCodec;
import io.fcddspark.preprocess.TrainTransform;
import java.io.Serial;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Full-resolution heatmaps and masks of {@link SampleScorer} rows, as the reference evaluates
 * MVTec-AD: the u&times;v heatmap A is Gaussian-upsampled (paper Alg. 1) to the network's input
 * size, then resized bilinearly to the stored image's size, which is the ground-truth mask's. A
 * mask pixel is anomalous at 128 and above (MVTec-AD masks are 0 or 255).
 */
public final class PixelMaps implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final ReceptiveField field;
  private final TrainTransform transform;
  private final double sigma;
  private transient Map<Integer, GaussianUpsampler> upsamplers;

  public PixelMaps(ReceptiveField field, TrainTransform transform, double sigma) {
    this.field = field;
    this.transform = transform;
    this.sigma = sigma;
  }

  /** The row's heatmap at the stored image's height &times; width. */
  public float[] heatmap(Row r) {
    String id = r.getString(r.fieldIndex("id"));
    if (r.isNullAt(r.fieldIndex("heatmap"))) {
      throw new IllegalArgumentException(
          "Test image " + id + " has no heatmap: an HSC model has none, pixel metrics need FCDD");
    }
    float[] a = floats(r.getList(r.fieldIndex("heatmap")));
    int h = r.getInt(r.fieldIndex("height"));
    int w = r.getInt(r.fieldIndex("width"));
    int side = transform.outputSide(h);
    if (upsamplers == null) {
      upsamplers = new HashMap<>();
    }
    GaussianUpsampler up =
        upsamplers.computeIfAbsent(side, s -> GaussianUpsampler.forField(field, s, sigma));
    if (a.length != up.heatmapHeight() * up.heatmapWidth()) {
      throw new IllegalArgumentException(
          String.format(
              "Test image %s: its heatmap has %d values, the network's is %d×%d",
              id, a.length, up.heatmapHeight(), up.heatmapWidth()));
    }
    double[] in = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      in[i] = a[i];
    }
    return HeatmapResize.bilinear(up.upsample(in), up.outHeight(), up.outWidth(), h, w);
  }

  /** The row's mask at the stored image's size, or null where the image has none. */
  static boolean[] mask(Row r) {
    int i = r.fieldIndex("mask_png");
    if (r.isNullAt(i)) {
      return null;
    }
    byte[] px = PngCodec.decode(r.getAs(i), 1);
    int n = r.getInt(r.fieldIndex("height")) * r.getInt(r.fieldIndex("width"));
    if (px.length != n) {
      throw new IllegalArgumentException(
          String.format(
              "Test image %s: its mask has %d pixels, the image %d",
              r.getString(r.fieldIndex("id")), px.length, n));
    }
    boolean[] m = new boolean[n];
    for (int p = 0; p < n; p++) {
      m[p] = Byte.toUnsignedInt(px[p]) >= 128;
    }
    return m;
  }

  private static float[] floats(java.util.List<Object> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) values.get(i)).floatValue();
    }
    return out;
  }
}
