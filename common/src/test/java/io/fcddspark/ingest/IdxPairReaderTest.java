package io.fcddspark.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxPairReaderTest {
  private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  @ParameterizedTest(name = "gzip={0}")
  @ValueSource(booleans = {false, true})
  void readsEveryRecordWithItsLabel(boolean gzip) throws Exception {
    byte[][] pixels = {{1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, (byte) 255}, {0, 0, 0, 0, 0, 1}};
    List<IdxEntry> entries =
        readAll(images(3, 2, 3, pixels, gzip), labels(new int[] {9, 0, 4}, gzip), 10);
    assertThat(entries).hasSize(3).allMatch(e -> e instanceof IdxEntry.Image);
    IdxEntry.Image second = (IdxEntry.Image) entries.get(1);
    assertThat(second.index()).isEqualTo(1);
    assertThat(second.label()).isEqualTo(0);
    assertThat(second.rows()).isEqualTo(2);
    assertThat(second.cols()).isEqualTo(3);
    assertThat(second.pixels()).containsExactly(pixels[1]);
    assertThat(((IdxEntry.Image) entries.get(0)).label()).isEqualTo(9);
  }

  @Test
  void truncatedImageFileRejectsTheRecordsItLacks() throws Exception {
    byte[] full =
        images(
            4, 2, 2, new byte[][] {{1, 1, 1, 1}, {2, 2, 2, 2}, {3, 3, 3, 3}, {4, 4, 4, 4}}, false);
    byte[] cut = Arrays.copyOf(full, full.length - 5); // record 2 is incomplete, record 3 missing
    List<IdxEntry> entries = readAll(cut, labels(new int[] {0, 1, 2, 3}, false), 10);
    assertThat(entries).hasSize(4);
    assertThat(entries.subList(0, 2)).allMatch(e -> e instanceof IdxEntry.Image);
    assertThat(entries.subList(2, 4))
        .allSatisfy(
            e ->
                assertThat(((IdxEntry.Rejected) e).reason())
                    .isEqualTo("images.idx ends before record 2 of 4"));
  }

  @Test
  void countsThatDisagreeRejectTheUnpairedRecords() throws Exception {
    List<IdxEntry> entries =
        readAll(
            images(2, 1, 1, new byte[][] {{5}, {6}}, false),
            labels(new int[] {1, 2, 3}, false),
            10);
    assertThat(entries).hasSize(3);
    assertThat(((IdxEntry.Rejected) entries.get(2)).reason())
        .isEqualTo("labels.idx has a label but images.idx has no image 2");
  }

  @Test
  void labelOutsideTheClassesIsRejected() throws Exception {
    List<IdxEntry> entries =
        readAll(
            images(2, 1, 1, new byte[][] {{5}, {6}}, false), labels(new int[] {3, 12}, false), 10);
    assertThat(entries.get(0)).isInstanceOf(IdxEntry.Image.class);
    assertThat(((IdxEntry.Rejected) entries.get(1)).reason())
        .isEqualTo("labels.idx: label 12 of record 1 is not a class index in [0, 10)");
  }

  @Test
  void badHeadersNameTheFileAndTheRule() {
    byte[] labels = labels(new int[] {1}, false);
    assertThatThrownBy(() -> readAll(labels, labels, 10))
        .isInstanceOf(IdxFormatException.class)
        .hasMessage(
            "images.idx: magic number 0x00000801, expected 0x00000803 (IDX, unsigned bytes, 3"
                + " dimensions)");
    assertThatThrownBy(() -> readAll(new byte[] {0, 0, 8, 3, 0}, labels, 10))
        .hasMessage("images.idx: file ends inside the IDX header");
    assertThatThrownBy(() -> readAll(new byte[0], labels, 10))
        .hasMessage("images.idx: file ends inside the IDX header");
  }

  @Test
  void realFashionMnistIsReadCompletely() throws Exception {
    Path images = FASHION_MNIST.resolve("t10k-images-idx3-ubyte.gz");
    FashionMnistFiles.require();
    int[] perClass = new int[10];
    int count = 0;
    try (InputStream img = Files.newInputStream(images);
        InputStream lbl = Files.newInputStream(FASHION_MNIST.resolve("t10k-labels-idx1-ubyte.gz"));
        IdxPairReader reader = new IdxPairReader("t10k-images", img, "t10k-labels", lbl, 10)) {
      assertThat(reader.rows()).isEqualTo(28);
      assertThat(reader.cols()).isEqualTo(28);
      while (reader.hasNext()) {
        IdxEntry e = reader.next();
        assertThat(e).isInstanceOf(IdxEntry.Image.class);
        perClass[((IdxEntry.Image) e).label()]++;
        count++;
      }
    }
    assertThat(count).isEqualTo(10_000);
    assertThat(perClass).containsOnly(1000); // the test set is balanced
  }

  private static List<IdxEntry> readAll(byte[] images, byte[] labels, int classes)
      throws IOException, IdxFormatException {
    List<IdxEntry> out = new ArrayList<>();
    try (IdxPairReader r =
        new IdxPairReader(
            "images.idx",
            new ByteArrayInputStream(images),
            "labels.idx",
            new ByteArrayInputStream(labels),
            classes)) {
      r.forEachRemaining(out::add);
      assertThat(out).hasSize(r.declared());
    }
    return out;
  }

  static byte[] images(int n, int rows, int cols, byte[][] pixels, boolean gzip) {
    return write(
        gzip,
        out -> {
          out.writeInt(IdxPairReader.IMAGES_MAGIC);
          out.writeInt(n);
          out.writeInt(rows);
          out.writeInt(cols);
          for (byte[] p : pixels) {
            out.write(p);
          }
        });
  }

  static byte[] labels(int[] labels, boolean gzip) {
    return write(
        gzip,
        out -> {
          out.writeInt(IdxPairReader.LABELS_MAGIC);
          out.writeInt(labels.length);
          for (int l : labels) {
            out.writeByte(l);
          }
        });
  }

  private interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] write(boolean gzip, Body body) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      if (gzip) {
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
          body.write(out);
        }
      } else {
        try (DataOutputStream out = new DataOutputStream(bytes)) {
          body.write(out);
        }
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
