package io.fcddspark.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One IDX image/label file pair of a dataset split, and how its records become ingested images.
 *
 * @param dataset dataset name
 * @param split split name
 * @param imagesUri the image file
 * @param labelsUri the label file
 * @param classNames class names by label
 */
public record IdxSource(
    String dataset, String split, String imagesUri, String labelsUri, List<String> classNames)
    implements IngestSource {
  private static final long serialVersionUID = 1L;

  public IdxSource {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(imagesUri, "imagesUri");
    Objects.requireNonNull(labelsUri, "labelsUri");
    classNames = List.copyOf(classNames);
    if (classNames.isEmpty()) {
      throw new IllegalArgumentException("IDX source " + imagesUri + " needs class names");
    }
  }

  @Override
  public List<String> inputUris() {
    return List.of(imagesUri, labelsUri);
  }

  /**
   * Reads the pair and hands every record to {@code sink} as an image or a reject; returns how many
   * inputs it accounted for (the records the files declare, or 1 for a pair that cannot be opened
   * at all).
   */
  @Override
  public long ingest(FileOpener opener, Consumer<IngestOutcome> sink) {
    try (InputStream img = opener.open(imagesUri);
        InputStream lbl = opener.open(labelsUri);
        IdxPairReader reader =
            new IdxPairReader(imagesUri, img, labelsUri, lbl, classNames.size())) {
      long n = 0;
      while (reader.hasNext()) {
        sink.accept(outcome(reader.next()));
        n++;
      }
      return n;
    } catch (IOException | IdxFormatException | RuntimeException e) {
      sink.accept(
          new IngestOutcome.Rejected(
              new IngestReject(
                  imagesUri,
                  "*",
                  "Cannot read IDX pair " + imagesUri + " + " + labelsUri + ": " + e.getMessage(),
                  e.getClass().getName())));
      return 1;
    }
  }

  private IngestOutcome outcome(IdxEntry entry) {
    String name = Integer.toString(entry.index());
    if (entry instanceof IdxEntry.Rejected r) {
      return new IngestOutcome.Rejected(new IngestReject(imagesUri, name, r.reason(), null));
    }
    IdxEntry.Image im = (IdxEntry.Image) entry;
    return new IngestOutcome.Accepted(
        IngestedImage.of(
            ImageLabels.of(dataset, split, classNames.get(im.label()), im.label()),
            imagesUri,
            name,
            1,
            im.rows(),
            im.cols(),
            im.pixels(),
            null));
  }
}
