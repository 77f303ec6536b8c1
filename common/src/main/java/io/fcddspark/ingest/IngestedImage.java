package io.fcddspark.ingest;

import java.util.List;

/**
 * One image as the ingest job stores it (a row of the Parquet output; schema in docs/ingest.md).
 *
 * @param id stable id from source and entry ({@link StableIds#id})
 * @param dataset dataset name, e.g. "fashion-mnist"
 * @param split "train", "test", ...
 * @param className the class's name
 * @param classIndex the class's index in the dataset's class list
 * @param wnid WordNet id where known, else null
 * @param defect MVTec-AD's defect type ("good" for nominal), else null
 * @param objects every object class the image shows (PASCAL VOC), else null
 * @param width pixels
 * @param height pixels
 * @param channels 1 or 3
 * @param png the image, lossless PNG
 * @param maskPng ground-truth mask as 1-channel PNG where one exists, else null
 * @param sourceUri the file the image came from
 * @param entry the entry within it (record index, tar member, file name)
 * @param contentHash {@link StableIds#contentHash} of the decoded pixels
 */
public record IngestedImage(
    String id,
    String dataset,
    String split,
    String className,
    int classIndex,
    String wnid,
    String defect,
    List<String> objects,
    int width,
    int height,
    int channels,
    byte[] png,
    byte[] maskPng,
    String sourceUri,
    String entry,
    String contentHash) {

  /**
   * The image of entry {@code entry} of {@code sourceUri} with decoded 8-bit {@code pixels}
   * (channel-interleaved, row-major): id, PNG and content hash are computed here.
   */
  public static IngestedImage of(
      ImageLabels labels,
      String sourceUri,
      String entry,
      int channels,
      int height,
      int width,
      byte[] pixels,
      byte[] maskPng) {
    return new IngestedImage(
        StableIds.id(sourceUri, entry),
        labels.dataset(),
        labels.split(),
        labels.className(),
        labels.classIndex(),
        labels.wnid(),
        labels.defect(),
        labels.objects(),
        width,
        height,
        channels,
        PngCodec.encode(channels, height, width, pixels),
        maskPng,
        sourceUri,
        entry,
        StableIds.contentHash(channels, height, width, pixels));
  }
}
