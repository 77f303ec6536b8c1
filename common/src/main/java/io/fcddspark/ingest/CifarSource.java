package io.fcddspark.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One split of CIFAR-10 or CIFAR-100 in the binary format (Krizhevsky 2009), from the official
 * {@code .tar.gz} (streamed, never extracted) or from a directory of extracted batch files.
 *
 * <p>A record is the label byte(s) (CIFAR-10: 1; CIFAR-100: coarse, then fine) and 3072 bytes: the
 * red, green and blue 32&times;32 planes. The split's batch files are CIFAR-10's {@code
 * data_batch_1..5.bin} / {@code test_batch.bin} and CIFAR-100's {@code train.bin} / {@code
 * test.bin}; the source's inputs are their records. A record cut short, a label that is not a class
 * index, an unsafe tar entry name, a batch file the archive or directory lacks, and an archive that
 * breaks off each become a reject.
 *
 * @param dataset dataset name
 * @param split "train" or "test"
 * @param uri the archive ({@code .tar}, {@code .tar.gz}, {@code .tgz}) or the directory
 * @param variant CIFAR-10 or CIFAR-100
 * @param labels which CIFAR-100 label is the class (CIFAR-10 has one)
 * @param classNames class names by label
 */
public record CifarSource(
    String dataset,
    String split,
    String uri,
    Variant variant,
    Granularity labels,
    List<String> classNames)
    implements IngestSource {
  private static final long serialVersionUID = 1L;
  private static final int SIDE = 32;
  private static final int PIXELS = 3 * SIDE * SIDE;

  /** The two datasets. */
  public enum Variant {
    @JsonProperty("cifar10")
    CIFAR10(
        1,
        List.of(
            "data_batch_1.bin",
            "data_batch_2.bin",
            "data_batch_3.bin",
            "data_batch_4.bin",
            "data_batch_5.bin"),
        List.of("test_batch.bin")),
    @JsonProperty("cifar100")
    CIFAR100(2, List.of("train.bin"), List.of("test.bin"));

    final int labelBytes;
    final List<String> train;
    final List<String> test;

    Variant(int labelBytes, List<String> train, List<String> test) {
      this.labelBytes = labelBytes;
      this.train = train;
      this.test = test;
    }
  }

  /** CIFAR-100's two label sets. */
  public enum Granularity {
    @JsonProperty("fine")
    FINE,
    @JsonProperty("coarse")
    COARSE
  }

  public CifarSource {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(labels, "labels");
    classNames = List.copyOf(classNames);
    if (!split.equals("train") && !split.equals("test")) {
      throw new IllegalArgumentException(
          "Cannot set split to " + split + ", CIFAR has 'train' and 'test'");
    }
    if (classNames.isEmpty()) {
      throw new IllegalArgumentException("CIFAR source " + uri + " needs class names");
    }
  }

  private List<String> batchFiles() {
    return split.equals("train") ? variant.train : variant.test;
  }

  private boolean archive() {
    return uri.endsWith(".tar") || uri.endsWith(".tar.gz") || uri.endsWith(".tgz");
  }

  @Override
  public List<String> inputUris() {
    return archive() ? List.of(uri) : batchFiles().stream().map(f -> uri + "/" + f).toList();
  }

  @Override
  public long ingest(FileOpener opener, Consumer<IngestOutcome> sink) {
    return archive() ? ingestArchive(opener, sink) : ingestDirectory(opener, sink);
  }

  private long ingestDirectory(FileOpener opener, Consumer<IngestOutcome> sink) {
    long n = 0;
    for (String file : batchFiles()) {
      String fileUri = uri + "/" + file;
      try (InputStream in = opener.open(fileUri)) {
        n += readBatch(fileUri, "", in, sink);
      } catch (IOException | RuntimeException e) {
        sink.accept(reject(fileUri, "*", "Cannot read CIFAR batch " + fileUri + ": " + e, e));
        n++;
      }
    }
    return n;
  }

  private long ingestArchive(FileOpener opener, Consumer<IngestOutcome> sink) {
    long[] n = {0};
    Set<String> missing = new LinkedHashSet<>(batchFiles());
    String[] lastSeen = {"(none)"};
    try (InputStream in = opener.open(uri)) {
      SafeTarReader.read(
          in,
          new SafeTarReader.Visitor() {
            @Override
            public void file(String name, long size, InputStream data) throws IOException {
              lastSeen[0] = name;
              String base = name.substring(name.lastIndexOf('/') + 1);
              if (missing.remove(base)) {
                n[0] += readBatch(uri, name + "#", data, sink);
              }
            }

            @Override
            public void unsafe(String name, String reason) {
              sink.accept(reject(uri, name, reason, null));
              n[0]++;
            }
          });
    } catch (IOException | RuntimeException e) {
      sink.accept(
          reject(
              uri,
              "*",
              "Archive " + uri + " cannot be read after entry " + lastSeen[0] + ": " + e,
              e));
      return n[0] + 1;
    }
    for (String file : missing) {
      sink.accept(reject(uri, file, "Archive " + uri + " has no " + file, null));
      n[0]++;
    }
    return n[0];
  }

  /** Reads records until the stream ends; returns how many inputs it accounted for. */
  private long readBatch(String source, String prefix, InputStream in, Consumer<IngestOutcome> sink)
      throws IOException {
    int recordSize = variant.labelBytes + PIXELS;
    byte[] record = new byte[recordSize];
    long k = 0;
    while (true) {
      int got = in.readNBytes(record, 0, recordSize);
      if (got == 0) {
        return k;
      }
      String entry = prefix + k;
      if (got < recordSize) {
        sink.accept(
            reject(
                source,
                entry,
                String.format(
                    "%s%s ends inside record %d (%d of %d bytes)",
                    source, prefix.isEmpty() ? "" : " " + prefix, k, got, recordSize),
                null));
        return k + 1;
      }
      sink.accept(image(source, entry, record));
      k++;
    }
  }

  private IngestOutcome image(String source, String entry, byte[] record) {
    int label =
        Byte.toUnsignedInt(
            variant == Variant.CIFAR100 && labels == Granularity.FINE ? record[1] : record[0]);
    if (label >= classNames.size()) {
      return reject(
          source,
          entry,
          String.format(
              "%s record %s: label %d is not a class index in [0, %d)",
              source, entry, label, classNames.size()),
          null);
    }
    int off = variant.labelBytes;
    int plane = SIDE * SIDE;
    byte[] rgb = new byte[PIXELS];
    for (int p = 0; p < plane; p++) {
      rgb[3 * p] = record[off + p];
      rgb[3 * p + 1] = record[off + plane + p];
      rgb[3 * p + 2] = record[off + 2 * plane + p];
    }
    return new IngestOutcome.Accepted(
        IngestedImage.of(
            ImageLabels.of(dataset, split, classNames.get(label), label),
            source,
            entry,
            3,
            SIDE,
            SIDE,
            rgb,
            null));
  }

  private static IngestOutcome reject(String source, String entry, String reason, Exception e) {
    String cls = e == null ? null : e.getClass().getName();
    if (e instanceof FileNotFoundException) {
      reason = reason.replace(e.toString(), "file not found");
    }
    return new IngestOutcome.Rejected(new IngestReject(source, entry, reason, cls));
  }
}
