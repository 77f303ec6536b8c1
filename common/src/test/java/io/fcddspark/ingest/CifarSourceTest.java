package io.fcddspark.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CifarSourceTest {
  private static final List<String> TEN = TestImages.CIFAR10_CLASSES;

  @Test
  void streamsTheSplitFromTheArchiveAndAccountsForEveryInput() throws IOException {
    byte[] test = concat(record10(3, 7), record10(12, 8), record10(9, 9)); // 12: no class
    byte[] archive =
        tarGz(
            Map.of(
                "cifar-10-batches-bin/batches.meta.txt",
                "airplane\n".getBytes(),
                "cifar-10-batches-bin/data_batch_1.bin",
                record10(1, 1),
                "cifar-10-batches-bin/test_batch.bin",
                test,
                "../evil.bin",
                new byte[] {1}));
    CifarSource source =
        new CifarSource(
            "cifar10",
            "test",
            "mem://c10.tar.gz",
            CifarSource.Variant.CIFAR10,
            CifarSource.Granularity.FINE,
            TEN);
    List<IngestOutcome> out = new ArrayList<>();
    long inputs = source.ingest(uri -> new ByteArrayInputStream(archive), out::add);

    assertThat(inputs).isEqualTo(out.size()).isEqualTo(4); // 3 records + the unsafe entry
    List<IngestedImage> images = accepted(out);
    assertThat(images).extracting(IngestedImage::className).containsExactly("cat", "truck");
    IngestedImage cat = images.get(0);
    assertThat(cat.entry()).isEqualTo("cifar-10-batches-bin/test_batch.bin#0");
    assertThat(cat.channels()).isEqualTo(3);
    byte[] rgb = PngCodec.decode(cat.png(), 3);
    assertThat(Arrays.copyOf(rgb, 6)).containsExactly(7, 107, (byte) 207, 7, 107, (byte) 207);
    assertThat(rejected(out))
        .extracting(IngestReject::reason)
        .containsExactlyInAnyOrder(
            "tar entry ../evil.bin climbs out of the archive with '..'",
            "mem://c10.tar.gz record cifar-10-batches-bin/test_batch.bin#1: label 12 is not a"
                + " class index in [0, 10)");
  }

  @Test
  void cifar100TakesTheFineOrTheCoarseLabel() throws IOException {
    byte[] rec = new byte[2 + 3072];
    rec[0] = 4; // coarse
    rec[1] = 77; // fine
    List<String> hundred = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      hundred.add("c" + i);
    }
    byte[] archive =
        tarGz(Map.of("cifar-100-binary/train.bin", rec, "cifar-100-binary/test.bin", rec));
    for (CifarSource.Granularity g : CifarSource.Granularity.values()) {
      List<IngestOutcome> out = new ArrayList<>();
      new CifarSource(
              "cifar100", "train", "mem://c100.tgz", CifarSource.Variant.CIFAR100, g, hundred)
          .ingest(uri -> new ByteArrayInputStream(archive), out::add);
      assertThat(accepted(out).get(0).classIndex())
          .isEqualTo(g == CifarSource.Granularity.FINE ? 77 : 4);
    }
  }

  @Test
  void extractedDirectoryWithACutRecordAndAMissingFile() {
    byte[] batch = concat(record10(2, 1), Arrays.copyOf(record10(2, 2), 100));
    Map<String, byte[]> files = Map.of("/d/data_batch_1.bin", batch);
    List<IngestOutcome> out = new ArrayList<>();
    long inputs =
        new CifarSource(
                "cifar10",
                "train",
                "/d",
                CifarSource.Variant.CIFAR10,
                CifarSource.Granularity.FINE,
                TEN)
            .ingest(
                uri -> {
                  byte[] b = files.get(uri);
                  if (b == null) {
                    throw new FileNotFoundException(uri);
                  }
                  return new ByteArrayInputStream(b);
                },
                out::add);
    assertThat(inputs).isEqualTo(out.size()).isEqualTo(2 + 4); // 1 image, 1 cut record, 4 missing
    assertThat(accepted(out)).hasSize(1);
    assertThat(rejected(out).get(0).reason())
        .isEqualTo("/d/data_batch_1.bin ends inside record 1 (100 of 3073 bytes)");
    assertThat(rejected(out).get(1).reason())
        .isEqualTo("Cannot read CIFAR batch /d/data_batch_2.bin: file not found");
  }

  @Test
  void aCorruptArchiveKeepsWhatItReadAndRejectsTheRest() throws IOException {
    byte[] archive = tarGz(Map.of("x/test_batch.bin", concat(record10(1, 1), record10(2, 2))));
    byte[] cut = Arrays.copyOf(archive, archive.length / 2);
    List<IngestOutcome> out = new ArrayList<>();
    long inputs =
        new CifarSource(
                "c",
                "test",
                "mem://bad.tar.gz",
                CifarSource.Variant.CIFAR10,
                CifarSource.Granularity.FINE,
                TEN)
            .ingest(uri -> new ByteArrayInputStream(cut), out::add);
    assertThat(inputs).isEqualTo(out.size());
    assertThat(rejected(out))
        .last()
        .satisfies(
            r ->
                assertThat(r.reason())
                    .startsWith("Archive mem://bad.tar.gz cannot be read after entry"));
  }

  @Test
  void unsafeNamesAndBadSplits() {
    assertThat(SafeTarReader.unsafe("/etc/passwd"))
        .isEqualTo("tar entry /etc/passwd has an absolute path");
    assertThat(SafeTarReader.unsafe("a/../../b")).contains("climbs out");
    assertThat(SafeTarReader.unsafe("a/b..c/d")).isNull();
    assertThatThrownBy(
            () ->
                new CifarSource(
                    "c",
                    "val",
                    "/d",
                    CifarSource.Variant.CIFAR10,
                    CifarSource.Granularity.FINE,
                    TEN))
        .hasMessage("Cannot set split to val, CIFAR has 'train' and 'test'");
  }

  /** A CIFAR-10 record: label, then R plane = v, G = v + 100, B = v + 200. */
  private static byte[] record10(int label, int v) {
    byte[] r = new byte[1 + 3072];
    r[0] = (byte) label;
    Arrays.fill(r, 1, 1025, (byte) v);
    Arrays.fill(r, 1025, 2049, (byte) (v + 100));
    Arrays.fill(r, 2049, 3073, (byte) (v + 200));
    return r;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] tarGz(Map<String, byte[]> entries) {
    return TestImages.gzip(TestImages.tar(new java.util.TreeMap<>(entries)));
  }

  private static List<IngestedImage> accepted(List<IngestOutcome> out) {
    return out.stream()
        .filter(o -> o instanceof IngestOutcome.Accepted)
        .map(o -> ((IngestOutcome.Accepted) o).image())
        .toList();
  }

  private static List<IngestReject> rejected(List<IngestOutcome> out) {
    return out.stream()
        .filter(o -> o instanceof IngestOutcome.Rejected)
        .map(o -> ((IngestOutcome.Rejected) o).reject())
        .toList();
  }
}
