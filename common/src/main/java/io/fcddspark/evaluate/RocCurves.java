package io.fcddspark.evaluate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fcddspark.metrics.RocSweep;
import io.fcddspark.provenance.RecordJson;
import java.util.List;

/**
 * A model's down-sampled ROC curves ({@code evaluation/<model>/curves.json}), from (0, 0) to (1,
 * 1).
 *
 * @param sample the sample-wise curve
 * @param pixel the pixel-wise curve, or null without ground-truth maps
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RocCurves(List<RocSweep.Point> sample, List<RocSweep.Point> pixel) {
  /** Its file's name in a model's evaluation folder. */
  public static final String FILE = "curves.json";

  /** Reads the file; one that is not one is an error naming {@code name}. */
  public static RocCurves read(byte[] json, String name) {
    return RecordJson.read(json, RocCurves.class, "the ROC curves", name);
  }

  /** The curves as pretty-printed JSON. */
  public byte[] toJson() {
    return RecordJson.write(this);
  }
}
