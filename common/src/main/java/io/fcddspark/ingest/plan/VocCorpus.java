package io.fcddspark.ingest.plan;

import io.fcddspark.ingest.ImageDecoder;
import io.fcddspark.ingest.IngestSource;
import io.fcddspark.ingest.InputFiles;
import io.fcddspark.ingest.VocSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans PASCAL VOC on the driver: the ids of {@code ImageSets/Main/<split>.txt} (or, for split
 * "all", every {@code JPEGImages/*.jpg}), in units of {@link #IDS_PER_UNIT} images.
 */
public final class VocCorpus {
  /** Images per task. */
  public static final int IDS_PER_UNIT = 500;

  private final Listing listing;

  public VocCorpus(InputFiles files) {
    this.listing = new Listing(files);
  }

  /**
   * The units of the VOC folder {@code root} (e.g. {@code VOCdevkit/VOC2007}), labelled by the
   * largest box or, with {@code contains}, by whether an image shows that class ({@link
   * VocSource}).
   */
  public List<IngestSource> sources(
      String root,
      String split,
      String dataset,
      ImageDecoder.Options decoding,
      long maxFileBytes,
      String contains) {
    List<String> ids = new ArrayList<>();
    if (split.equals("all")) {
      for (String f : listing.files(root + "/JPEGImages", "VOC image folder")) {
        String n = Listing.name(f);
        ids.add(n.endsWith(".jpg") ? n.substring(0, n.length() - 4) : n);
      }
    } else {
      String list = root + "/ImageSets/Main/" + split + ".txt";
      if (!listing.exists(list)) {
        throw new IllegalArgumentException(
            "VOC split list "
                + list
                + " does not exist (split must be a list in ImageSets/Main, or 'all')");
      }
      listing.forEachLine(list, (number, line) -> ids.add(line.split("\\s+")[0]));
    }
    List<IngestSource> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += IDS_PER_UNIT) {
      out.add(
          new VocSource(
              dataset,
              split,
              root,
              ids.subList(i, Math.min(ids.size(), i + IDS_PER_UNIT)),
              decoding,
              maxFileBytes,
              contains));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("VOC folder " + root + " has no images in split " + split);
    }
    return out;
  }
}
