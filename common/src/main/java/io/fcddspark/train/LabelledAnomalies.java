package io.fcddspark.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fcddspark.provenance.RecordJson;
import java.util.List;

/**
 * The labelled anomalies a semi-supervised run trained on ({@code labelled-anomalies.json} beside
 * its model), which evaluation leaves out of the test set.
 *
 * @param perDefect labelled anomalies taken per defect type
 * @param seed the seed that drew them
 * @param images the images, by id
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LabelledAnomalies(int perDefect, long seed, List<Image> images) {
  /** Its file's name in a train output. */
  public static final String FILE = "labelled-anomalies.json";

  public LabelledAnomalies {
    images = List.copyOf(images == null ? List.of() : images);
  }

  /**
   * One labelled anomaly.
   *
   * @param id its image id
   * @param defect its defect type
   * @param source where it was ingested from
   */
  public record Image(String id, String defect, String source) {}

  /** The images' ids. */
  public List<String> ids() {
    return images.stream().map(Image::id).toList();
  }

  /** Reads the file; one that is not one is an error naming {@code name}. */
  public static LabelledAnomalies read(byte[] json, String name) {
    return RecordJson.read(json, LabelledAnomalies.class, "the labelled anomalies", name);
  }

  /** The record as pretty-printed JSON. */
  public byte[] toJson() {
    return RecordJson.write(this);
  }
}
