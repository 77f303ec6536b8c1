package io.fcddspark.ingest;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What an image is labelled with, as the ingest job stores it.
 *
 * @param dataset dataset name, e.g. "fashion-mnist"
 * @param split "train", "test", ...
 * @param className the class's name (the partition directory)
 * @param classIndex the class's index in the dataset's class list
 * @param wnid WordNet id where known (ImageNet), else null
 * @param defect MVTec-AD's defect type ("good" for a nominal image), else null
 * @param objects every object class an image shows (PASCAL VOC), else null
 */
public record ImageLabels(
    String dataset,
    String split,
    String className,
    int classIndex,
    String wnid,
    String defect,
    List<String> objects)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public ImageLabels {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(className, "className");
    objects = objects == null ? null : List.copyOf(objects);
  }

  /** Labels with only a class. */
  public static ImageLabels of(String dataset, String split, String className, int classIndex) {
    return new ImageLabels(dataset, split, className, classIndex, null, null, null);
  }
}
