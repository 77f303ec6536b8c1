package io.fcddspark.ingest.plan;

import io.fcddspark.ingest.ImageDecoder;
import io.fcddspark.ingest.ImageFilesSource;
import io.fcddspark.ingest.ImageLabels;
import io.fcddspark.ingest.IngestReject;
import io.fcddspark.ingest.IngestSource;
import io.fcddspark.ingest.InputFiles;
import io.fcddspark.ingest.PlannedRejectsSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans MVTec-AD on the driver: {@code <class>/train/good}, {@code <class>/test/<defect>} and
 * {@code <class>/ground_truth/<defect>/<image>_mask.png}, one unit per (class, split, defect)
 * folder. The partition class is the object class (index: its position among the sorted class
 * folders); {@code defect} is the folder ("good" for nominal images). Every anomalous test image is
 * paired with its mask, decoded to the image's size; nominal images have no mask (all background).
 * An anomalous image without a mask and a mask without an image are rejects. Use {@link
 * ImageDecoder.Resize#NEAREST} at 240 to store images as the reference does.
 */
public final class MvtecCorpus {
  /** The folder name of nominal images. */
  public static final String GOOD = "good";

  private final Listing listing;

  public MvtecCorpus(InputFiles files) {
    this.listing = new Listing(files);
  }

  /** The units of the MVTec-AD folder {@code root}. */
  public List<IngestSource> sources(
      String root, String dataset, ImageDecoder.Options decoding, long maxFileBytes) {
    List<IngestSource> out = new ArrayList<>();
    List<IngestReject> rejects = new ArrayList<>();
    List<String> classes = listing.folders(root, "MVTec-AD folder");
    if (classes.isEmpty()) {
      throw new IllegalArgumentException(
          "MVTec-AD folder " + root + " has no class folders (bottle, cable, ...)");
    }
    for (int index = 0; index < classes.size(); index++) {
      String classDir = classes.get(index);
      String className = Listing.name(classDir);
      for (String split : List.of("train", "test")) {
        for (String defectDir : listing.folders(classDir + "/" + split, "MVTec-AD split folder")) {
          String defect = Listing.name(defectDir);
          List<String> files = listing.files(defectDir, "MVTec-AD defect folder");
          Map<String, String> masks = new LinkedHashMap<>();
          if (!defect.equals(GOOD)) {
            String truth = classDir + "/ground_truth/" + defect;
            Set<String> maskFiles =
                new HashSet<>(
                    listing.exists(truth)
                        ? listing.files(truth, "MVTec-AD mask folder")
                        : List.of());
            for (String f : files) {
              String mask = truth + "/" + stem(Listing.name(f)) + "_mask.png";
              masks.put(f, mask);
              maskFiles.remove(mask);
            }
            if (split.equals("test")) {
              maskFiles.stream()
                  .sorted()
                  .forEach(
                      m ->
                          rejects.add(
                              new IngestReject(
                                  m,
                                  Listing.name(m),
                                  "mask without an image in " + defectDir,
                                  null)));
            }
          }
          out.add(
              new ImageFilesSource(
                  new ImageLabels(dataset, split, className, index, null, defect, null),
                  files,
                  masks,
                  decoding,
                  maxFileBytes));
        }
      }
    }
    if (!rejects.isEmpty()) {
      out.add(new PlannedRejectsSource(rejects));
    }
    return out;
  }

  private static String stem(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }
}
