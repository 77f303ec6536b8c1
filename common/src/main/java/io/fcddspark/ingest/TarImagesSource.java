package io.fcddspark.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The encoded images of one tar (an ImageNet synset tar such as {@code n01440764.tar}), streamed
 * entry by entry and never held: a whole tar file, or a member of a tar of tars given by its byte
 * range ({@code fall11_whole.tar}, {@code ILSVRC2012_img_train.tar}). Every regular entry is an
 * input: an image, or a reject (an unsafe name, larger than {@code maxEntryBytes}, not decodable).
 * A tar that cannot be opened or breaks off adds one {@code *} reject for the rest after what was
 * read.
 *
 * @param labels what every image of the tar is labelled with (the synset)
 * @param uri the tar, or the tar of tars
 * @param member the member's name within the tar of tars, or null for a whole tar
 * @param offset the member's first byte (0 for a whole tar)
 * @param length the member's size, or -1 for a whole tar
 * @param decoding channels, size, interpolation and pixel limit
 * @param maxEntryBytes entries larger than this are rejected without being read
 */
public record TarImagesSource(
    ImageLabels labels,
    String uri,
    String member,
    long offset,
    long length,
    ImageDecoder.Options decoding,
    long maxEntryBytes)
    implements IngestSource {
  private static final long serialVersionUID = 1L;

  public TarImagesSource {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(decoding, "decoding");
    if (member == null ? offset != 0 || length != -1 : offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "A tar of tars member needs offset >= 0 and length >= 0, a whole tar 0 and -1: got "
              + offset
              + " and "
              + length
              + " for "
              + uri);
    }
    if (maxEntryBytes < 1) {
      throw new IllegalArgumentException(
          "Cannot set maxEntryBytes to " + maxEntryBytes + ", it must be >= 1");
    }
  }

  /** A whole tar. */
  public static TarImagesSource whole(
      ImageLabels labels, String uri, ImageDecoder.Options decoding, long maxEntryBytes) {
    return new TarImagesSource(labels, uri, null, 0, -1, decoding, maxEntryBytes);
  }

  /** The source URI of the images: the tar, or "outer!member". */
  public String sourceUri() {
    return member == null ? uri : uri + "!" + member;
  }

  @Override
  public List<String> inputUris() {
    return List.of(sourceUri());
  }

  @Override
  public long ingest(FileOpener opener, Consumer<IngestOutcome> sink) {
    String source = sourceUri();
    long[] n = {0}; // outcomes handed over, so that an entry that breaks off is not counted twice
    String[] current = {null}; // the entry being read
    try (InputStream in = member == null ? opener.open(uri) : opener.open(uri, offset, length)) {
      SafeTarReader.read(
          in,
          new SafeTarReader.Visitor() {
            @Override
            public void file(String name, long size, InputStream data) throws IOException {
              current[0] = name;
              if (size > maxEntryBytes) {
                n[0]++;
                sink.accept(
                    EncodedImages.reject(
                        source,
                        name,
                        "tar entry of " + size + " bytes exceeds maxEntryBytes " + maxEntryBytes,
                        null));
                return;
              }
              byte[] bytes = data.readNBytes((int) size);
              if (bytes.length < size) {
                throw new IOException(
                    "tar entry " + name + " ends after " + bytes.length + " of " + size + " bytes");
              }
              current[0] = null;
              n[0]++;
              sink.accept(EncodedImages.outcome(labels, source, name, bytes, null, decoding));
            }

            @Override
            public void unsafe(String name, String reason) {
              n[0]++;
              sink.accept(EncodedImages.reject(source, name, reason, null));
            }
          });
    } catch (IOException | RuntimeException e) {
      sink.accept(
          EncodedImages.reject(
              source,
              "*",
              String.format(
                  "tar %s cannot be read%s after %d entries: %s",
                  source,
                  current[0] == null ? "" : " (in entry " + current[0] + ")",
                  n[0],
                  e.getMessage()),
              e));
      n[0]++;
    }
    return n[0];
  }
}
