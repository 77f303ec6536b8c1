package io.fcddspark.ingest;

import java.util.List;

/**
 * The columns of the images table an ingest writes ({@code <output>/images}, Parquet, one row per
 * image), by name: every job reads it by these names, never by position.
 */
public final class ImageColumns {
  private ImageColumns() {}

  /** The image's stable id (a hash of its source and entry). */
  public static final String ID = "id";

  /** The dataset it belongs to. */
  public static final String DATASET = "dataset";

  /** Its split: train or test. */
  public static final String SPLIT = "split";

  /** Its class's name. */
  public static final String CLASS_NAME = "class_name";

  /** Its class's index in the dataset. */
  public static final String CLASS_INDEX = "class_index";

  /** Its ImageNet WordNet id, where it has one. */
  public static final String WNID = "wnid";

  /** Its defect type (MVTec-AD; "good" for none). */
  public static final String DEFECT = "defect";

  /** The object classes it shows (VOC). */
  public static final String OBJECTS = "objects";

  /** Its width in pixels. */
  public static final String WIDTH = "width";

  /** Its height in pixels. */
  public static final String HEIGHT = "height";

  /** Its channels: 1 grey, 3 RGB. */
  public static final String CHANNELS = "channels";

  /** The image as PNG. */
  public static final String PNG = "png";

  /** Its ground-truth anomaly map as a grey PNG, where it has one. */
  public static final String MASK_PNG = "mask_png";

  /** The file it was read from. */
  public static final String SOURCE_URI = "source_uri";

  /** Its entry in that file (an archive member, an index), or empty. */
  public static final String ENTRY = "entry";

  /** The hash of its pixels, which orders the table independently of where it was read. */
  public static final String CONTENT_HASH = "content_hash";

  /** Every column, in the table's order. */
  public static final List<String> ALL =
      List.of(
          ID,
          DATASET,
          SPLIT,
          CLASS_NAME,
          CLASS_INDEX,
          WNID,
          DEFECT,
          OBJECTS,
          WIDTH,
          HEIGHT,
          CHANNELS,
          PNG,
          MASK_PNG,
          SOURCE_URI,
          ENTRY,
          CONTENT_HASH);
}
