package io.fcddspark.ingest;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Encoded image files that share their labels (a class folder, an MVTec-AD defect folder, the
 * ImageNet validation images of one synset), listed by the driver, each decoded by {@link
 * ImageDecoder} and stored as PNG, with its ground-truth mask where {@code masks} names one. Every
 * file is an input: it becomes an image, or a reject with the decoder's reason (empty, not an
 * image, too many pixels, corrupt, truncated), the reason it or its mask could not be read, or its
 * size.
 *
 * @param labels what every file is labelled with
 * @param files the files
 * @param masks mask file by image file, for the images that have one (MVTec-AD)
 * @param decoding channels, size, interpolation and pixel limit
 * @param maxFileBytes files larger than this are rejected without being read
 */
public record ImageFilesSource(
    ImageLabels labels,
    List<String> files,
    Map<String, String> masks,
    ImageDecoder.Options decoding,
    long maxFileBytes)
    implements IngestSource {
  private static final long serialVersionUID = 1L;

  public ImageFilesSource {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(decoding, "decoding");
    files = List.copyOf(files);
    // Sorted, so that the record's text (its unitKey) is the same in every JVM; Map.copyOf's
    // iteration order is salted per JVM, so a rerun would never find its finished ingest.
    masks = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(masks));
    if (maxFileBytes < 1) {
      throw new IllegalArgumentException(
          "Cannot set maxFileBytes to " + maxFileBytes + ", it must be >= 1");
    }
  }

  /** Files without masks. */
  public ImageFilesSource(
      ImageLabels labels, List<String> files, ImageDecoder.Options decoding, long maxFileBytes) {
    this(labels, files, Map.of(), decoding, maxFileBytes);
  }

  @Override
  public List<String> inputUris() {
    return files;
  }

  @Override
  public long ingest(FileOpener opener, Consumer<IngestOutcome> sink) {
    for (String file : files) {
      sink.accept(one(opener, file, file.substring(file.lastIndexOf('/') + 1)));
    }
    return files.size();
  }

  private IngestOutcome one(FileOpener opener, String file, String name) {
    byte[] bytes;
    try {
      bytes = EncodedImages.readFile(opener, file, maxFileBytes);
    } catch (IOException | RuntimeException e) {
      return EncodedImages.reject(file, name, "cannot read " + file + ": " + e.getMessage(), e);
    }
    String mask = masks.get(file);
    byte[] maskBytes = null;
    if (mask != null) {
      try {
        maskBytes = EncodedImages.readFile(opener, mask, maxFileBytes);
      } catch (IOException | RuntimeException e) {
        return EncodedImages.reject(
            file, name, "cannot read its mask " + mask + ": " + e.getMessage(), e);
      }
    }
    return EncodedImages.outcome(labels, file, name, bytes, maskBytes, decoding);
  }
}
