package io.fcddspark.ingest.plan;

import io.fcddspark.ingest.ImageDecoder;
import io.fcddspark.ingest.ImageFilesSource;
import io.fcddspark.ingest.ImageLabels;
import io.fcddspark.ingest.InputFiles;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans a "one subfolder per class" corpus on the driver (HDFS or local) into one {@link
 * ImageFilesSource} per class: class index = position among the class folders sorted by name; files
 * sorted by name.
 */
public final class FolderCorpus {
  private FolderCorpus() {}

  /** The sources of {@code root}, whose subfolders are the classes. */
  public static List<ImageFilesSource> sources(
      InputFiles files,
      String root,
      String dataset,
      String split,
      ImageDecoder.Options decoding,
      long maxFileBytes) {
    Listing listing = new Listing(files);
    List<ImageFilesSource> out = new ArrayList<>();
    for (String folder : listing.folders(root, "Corpus folder")) {
      out.add(
          new ImageFilesSource(
              ImageLabels.of(dataset, split, Listing.name(folder), out.size()),
              listing.files(folder, "Class folder"),
              decoding,
              maxFileBytes));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "Corpus folder " + root + " has no class subfolders (one subfolder per class)");
    }
    return out;
  }
}
