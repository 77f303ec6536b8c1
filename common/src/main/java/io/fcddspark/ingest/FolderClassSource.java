package io.fcddspark.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The image files of one class folder of a "one subfolder per class" corpus (listed by the driver),
 * each decoded by {@link ImageDecoder} and stored as PNG. Every file is an input: it becomes an
 * image, or a reject with the decoder's reason (empty, not an image, too many pixels, corrupt,
 * truncated) or the reason it could not be read.
 *
 * @param dataset dataset name
 * @param split split name
 * @param className the folder's class
 * @param classIndex the class's index (its position among the sorted class folders)
 * @param files the class folder's files
 * @param decoding channels, size and pixel limit
 * @param maxFileBytes files larger than this are rejected without being read
 */
public record FolderClassSource(
    String dataset,
    String split,
    String className,
    int classIndex,
    List<String> files,
    ImageDecoder.Options decoding,
    long maxFileBytes)
    implements IngestSource {
  private static final long serialVersionUID = 1L;

  public FolderClassSource {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(decoding, "decoding");
    files = List.copyOf(files);
    if (maxFileBytes < 1) {
      throw new IllegalArgumentException(
          "Cannot set maxFileBytes to " + maxFileBytes + ", it must be >= 1");
    }
  }

  @Override
  public List<String> inputUris() {
    return files;
  }

  @Override
  public long ingest(FileOpener opener, Consumer<IngestOutcome> sink) {
    for (String file : files) {
      String name = file.substring(file.lastIndexOf('/') + 1);
      sink.accept(one(opener, file, name));
    }
    return files.size();
  }

  private IngestOutcome one(FileOpener opener, String file, String name) {
    byte[] bytes;
    try (InputStream in = opener.open(file)) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxFileBytes + 1));
    } catch (IOException | RuntimeException e) {
      return reject(file, name, "cannot read " + file + ": " + e.getMessage(), e);
    }
    if (bytes.length > maxFileBytes) {
      return reject(file, name, "file is larger than maxFileBytes " + maxFileBytes, null);
    }
    try {
      ImageDecoder.Decoded d = ImageDecoder.decode(bytes, decoding);
      return new IngestOutcome.Accepted(
          new IngestedImage(
              StableIds.id(file, ""),
              dataset,
              split,
              className,
              classIndex,
              null,
              d.width(),
              d.height(),
              d.channels(),
              PngCodec.encode(d.channels(), d.height(), d.width(), d.pixels()),
              null,
              file,
              name,
              StableIds.contentHash(d.channels(), d.height(), d.width(), d.pixels())));
    } catch (ImageRejectedException e) {
      Throwable cause = e.getCause();
      return reject(file, name, e.getMessage(), cause);
    }
  }

  private static IngestOutcome reject(String file, String name, String reason, Throwable e) {
    return new IngestOutcome.Rejected(
        new IngestReject(file, name, reason, e == null ? null : e.getClass().getName()));
  }
}
