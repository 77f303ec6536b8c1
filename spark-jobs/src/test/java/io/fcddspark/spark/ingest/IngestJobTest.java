package io.fcddspark.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fcddspark.ingest.FashionMnistFiles;
import io.fcddspark.ingest.IdxSource;
import io.fcddspark.ingest.IngestResult;
import io.fcddspark.ingest.PngCodec;
import io.fcddspark.ingest.plan.FolderCorpus;
import io.fcddspark.ingest.plan.IngestConfig;
import io.fcddspark.ingest.plan.IngestPlan;
import io.fcddspark.spark.SparkSessions;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest job end to end in local[2] on IDX files, faults included. */
class IngestJobTest {
  private static final List<String> ABC = List.of("a", "b", "c");
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("local[2]", "ingest-test");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void everyInputBecomesARowOrARejectAndRerunsChangeNothing(@TempDir Path dir) throws IOException {
    byte[][] train = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}, {13, 14, 15, 16}, {0, 0, 0, 0}};
    Files.write(dir.resolve("train-images"), images(5, 2, 2, train));
    Files.write(dir.resolve("train-labels"), labels(0, 1, 2, 1, 7)); // 7 is no class
    byte[] test =
        images(3, 2, 2, new byte[][] {{21, 22, 23, 24}, {25, 26, 27, 28}, {29, 30, 31, 32}});
    Files.write(dir.resolve("test-images"), Arrays.copyOf(test, test.length - 6)); // 2 records cut
    Files.write(dir.resolve("test-labels"), labels(2, 0, 1));
    IngestPlan config =
        new IngestPlan(
            dir.resolve("out").toString(),
            List.of(
                source(dir, "train"),
                source(dir, "test"),
                new IdxSource(
                    "toy", "extra", dir + "/missing-images", dir + "/missing-labels", ABC)),
            IngestPlan.DEFAULT_SHARD_BYTES);

    IngestResult first = new IngestJob(spark).run(config);

    assertThat(first.inputs()).isEqualTo(9);
    assertThat(first.rows()).isEqualTo(5);
    assertThat(first.rejects()).isEqualTo(4);
    assertThat(first.perClass())
        .containsEntry("toy/train/a", 1L)
        .containsEntry("toy/train/b", 2L)
        .containsEntry("toy/train/c", 1L)
        .containsEntry("toy/test/c", 1L);

    Dataset<Row> images = spark.read().parquet(config.output() + "/images");
    assertThat(images.count()).isEqualTo(5);
    Row second = images.filter("split = 'train' and entry = '1'").first();
    assertThat(second.<String>getAs("class_name")).isEqualTo("b");
    assertThat(second.<Integer>getAs("class_index")).isEqualTo(1);
    assertThat(PngCodec.decode(second.getAs("png"), 1)).containsExactly(train[1]);

    List<String> reasons =
        spark
            .read()
            .parquet(config.output() + "/rejects")
            .orderBy("source_uri", "entry")
            .collectAsList()
            .stream()
            .map(r -> r.<String>getAs("entry") + ": " + r.<String>getAs("reason"))
            .toList();
    assertThat(reasons)
        .containsExactlyInAnyOrder(
            "*: Cannot read IDX pair "
                + dir
                + "/missing-images + "
                + dir
                + "/missing-labels: File "
                + dir
                + "/missing-images does not exist",
            "1: " + dir + "/test-images ends before record 1 of 3",
            "2: " + dir + "/test-images ends before record 1 of 3",
            "4: " + dir + "/train-labels: label 7 of record 4 is not a class index in [0, 3)");

    JsonNode manifest = new ObjectMapper().readTree(dir.resolve("out/manifest.json").toFile());
    assertThat(manifest.at("/result/inputs").asLong()).isEqualTo(9);
    assertThat(manifest.at("/result/contentHash").asText()).isEqualTo(first.contentHash());
    assertThat(manifest.at("/inputs/0/bytes").asLong())
        .isEqualTo(Files.size(dir.resolve("train-images")));

    assertThat(first.units()).isEqualTo(3);
    assertThat(first.unitsReused()).isZero();
    assertThat(dir.resolve("out/_staging")).doesNotExist();

    Set<String> ids = ids(images);
    IngestResult again = new IngestJob(spark).run(config);
    assertThat(again.unitsReused()).as("a complete output is not redone").isEqualTo(3);
    assertThat(again.contentHash()).isEqualTo(first.contentHash());

    Files.delete(dir.resolve("out/manifest.json")); // as if killed just before the manifest
    IngestResult redone = new IngestJob(spark).run(config);
    assertThat(redone.unitsReused()).isZero();
    assertThat(redone.contentHash()).isEqualTo(first.contentHash());
    Dataset<Row> rerun = spark.read().parquet(config.output() + "/images");
    assertThat(rerun.count()).isEqualTo(5);
    assertThat(ids(rerun)).isEqualTo(ids);
  }

  @Test
  void realFashionMnistTestSplit(@TempDir Path dir) {
    FashionMnistFiles.require();
    IngestResult r =
        new IngestJob(spark)
            .run(
                new IngestPlan(
                    dir.toString(),
                    List.of(FashionMnistFiles.source("t10k", "test")),
                    IngestPlan.DEFAULT_SHARD_BYTES));
    assertThat(r.rows()).isEqualTo(10_000);
    assertThat(r.rejects()).isZero();
    assertThat(r.perClass()).hasSize(10).allSatisfy((k, v) -> assertThat(v).isEqualTo(1000L));
    assertThat(r.perClass()).containsKey("fashion-mnist/test/T-shirt/top");
  }

  @Test
  void cifarArchiveAlongsideIdx(@TempDir Path dir) throws IOException {
    byte[] rec = new byte[1 + 3072];
    rec[0] = 2;
    Path tgz = dir.resolve("cifar-10-binary.tar.gz");
    try (var tar =
        new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
            new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(
                Files.newOutputStream(tgz)))) {
      var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("b/test_batch.bin");
      e.setSize(2L * rec.length);
      tar.putArchiveEntry(e);
      tar.write(rec);
      rec[1] = 99; // a second, different image of the same class
      tar.write(rec);
      tar.closeArchiveEntry();
    }
    List<String> ten = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    IngestResult r =
        new IngestJob(spark)
            .run(
                new IngestPlan(
                    dir.resolve("out").toString(),
                    List.of(
                        new io.fcddspark.ingest.CifarSource(
                            "cifar10",
                            "test",
                            tgz.toString(),
                            io.fcddspark.ingest.CifarSource.Variant.CIFAR10,
                            io.fcddspark.ingest.CifarSource.Granularity.FINE,
                            ten)),
                    IngestPlan.DEFAULT_SHARD_BYTES));
    assertThat(r.rows()).isEqualTo(2);
    assertThat(r.perClass()).containsEntry("cifar10/test/2", 2L);
    Row row = spark.read().parquet(dir.resolve("out/images").toString()).first();
    assertThat(row.<Integer>getAs("channels")).isEqualTo(3);
    assertThat(row.<Integer>getAs("width")).isEqualTo(32);
  }

  @Test
  void folderCorpusDecodesResizesAndRejectsBrokenFiles(@TempDir Path dir) throws IOException {
    Path cats = Files.createDirectories(dir.resolve("corpus/cat"));
    Path dogs = Files.createDirectories(dir.resolve("corpus/dog"));
    java.awt.image.BufferedImage img =
        new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB);
    javax.imageio.ImageIO.write(img, "png", cats.resolve("a.png").toFile());
    java.awt.Graphics2D g = img.createGraphics();
    g.setColor(java.awt.Color.ORANGE);
    g.fillRect(0, 0, 40, 30);
    g.dispose();
    javax.imageio.ImageIO.write(img, "jpeg", dogs.resolve("b.jpg").toFile());
    byte[] jpeg = Files.readAllBytes(dogs.resolve("b.jpg"));
    Files.write(dogs.resolve("cut.jpg"), Arrays.copyOf(jpeg, jpeg.length / 3));
    Files.write(cats.resolve("notes.txt"), "not an image".getBytes());
    Files.write(cats.resolve("empty.png"), new byte[0]);
    Files.copy(cats.resolve("a.png"), dogs.resolve("same-as-a.png")); // the same image twice
    List<io.fcddspark.ingest.IngestSource> sources =
        new ArrayList<>(
            FolderCorpus.sources(
                HadoopInputFiles.of(spark),
                dir.resolve("corpus").toString(),
                "pets",
                "train",
                new io.fcddspark.ingest.ImageDecoder.Options(100_000_000, 3, 16),
                1 << 20));

    IngestResult r =
        new IngestJob(spark)
            .run(
                new IngestPlan(
                    dir.resolve("out").toString(), sources, IngestPlan.DEFAULT_SHARD_BYTES));

    assertThat(r.inputs()).isEqualTo(6);
    assertThat(r.rows()).isEqualTo(2);
    assertThat(r.rejects()).isEqualTo(4);
    assertThat(r.perClass())
        .containsEntry("pets/train/cat", 1L)
        .containsEntry("pets/train/dog", 1L);
    Row row = spark.read().parquet(dir.resolve("out/images").toString()).first();
    assertThat(row.<Integer>getAs("width")).isEqualTo(16);
    assertThat(row.<Integer>getAs("height")).isEqualTo(16);
    List<String> reasons =
        spark.read().parquet(dir.resolve("out/rejects").toString()).collectAsList().stream()
            .map(x -> x.<String>getAs("entry") + ": " + x.<String>getAs("reason"))
            .sorted()
            .toList();
    assertThat(reasons).hasSize(4);
    assertThat(reasons.get(0)).startsWith("cut.jpg: ");
    assertThat(reasons.get(1)).isEqualTo("empty.png: empty file (0 bytes)");
    assertThat(reasons.get(2)).startsWith("notes.txt: not an image");
    assertThat(reasons.get(3))
        .startsWith("same-as-a.png: duplicate of ")
        .contains(
            " from " + cats.resolve("a.png").toUri().toString().replace("file:///", "file:/"));
    assertThat(spark.read().parquet(dir.resolve("out/images").toString()).count()).isEqualTo(2);
  }

  @Test
  void filesSourceLeavesExcludedFilesOutAndShrinksDrawingsByArea(@TempDir Path dir)
      throws IOException {
    // A clip-art-like tree: a drawing of thin lines on a transparent (black) background, a
    // clothing folder and a boot that an OE corpus for Fashion-MNIST must not hold.
    Path art = Files.createDirectories(dir.resolve("art/animals"));
    Files.createDirectories(dir.resolve("art/people/clothing"));
    java.awt.image.BufferedImage drawing =
        new java.awt.image.BufferedImage(280, 280, java.awt.image.BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 280; y++) {
      for (int x = 0; x < 280; x++) {
        if (x % 10 == 3) {
          drawing.setRGB(x, y, 0xffffffff);
        }
      }
    }
    javax.imageio.ImageIO.write(drawing, "png", art.resolve("lines.png").toFile());
    Files.copy(art.resolve("lines.png"), dir.resolve("art/people/clothing/t-shirt.png"));
    Files.copy(art.resolve("lines.png"), dir.resolve("art/animals/hiking_Boot.png"));
    String yaml =
        "output: "
            + dir.resolve("out")
            + "\nsources:\n  - type: files\n    dataset: clipart\n    split: train\n    path: "
            + dir.resolve("art")
            + "\n    exclude: [people/clothing/**, '*boot*']"
            + "\n    decode: {channels: 1, size: 28, resize: area}\n";

    Path config = Files.writeString(dir.resolve("clipart.yaml"), yaml);

    IngestResult r =
        new IngestJob(spark)
            .run(
                io.fcddspark.config.ConfigLoader.load(config, List.of(), IngestConfig.class)
                    .plan(HadoopInputFiles.of(spark)));

    assertThat(r.inputs()).isEqualTo(1);
    assertThat(r.rows()).isEqualTo(1);
    Row row = spark.read().parquet(dir.resolve("out/images").toString()).first();
    byte[] px = PngCodec.decode(row.getAs("png"), 1);
    double mean = 0;
    for (byte b : px) {
      mean += Byte.toUnsignedInt(b) / (double) px.length;
    }
    // Every tenth column is white: the area resize keeps a tenth of the ink in every pixel.
    assertThat(mean).isCloseTo(25.5, org.assertj.core.data.Offset.offset(0.5));

    Path typo = Files.writeString(dir.resolve("typo.yaml"), yaml.replace("'*boot*'", "'*bot*'"));
    assertThatThrownBy(
            () ->
                io.fcddspark.config.ConfigLoader.load(typo, List.of(), IngestConfig.class)
                    .plan(HadoopInputFiles.of(spark)))
        .isInstanceOf(io.fcddspark.config.ConfigException.class)
        .hasMessageContaining("Exclude pattern(s) [*bot*] match none of the 3 files");
  }

  @Test
  void badConfigFailsBeforeAnyWork() {
    assertThatThrownBy(() -> new IngestPlan(" ", List.of(), IngestPlan.DEFAULT_SHARD_BYTES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot set output to a blank path");
    assertThatThrownBy(() -> new IngestPlan("/tmp/x", List.of(), 1 << 20))
        .hasMessage("Cannot ingest nothing: sources is empty");
  }

  private static Set<String> ids(Dataset<Row> images) {
    return images.select("id").collectAsList().stream()
        .map(r -> r.getString(0))
        .collect(Collectors.toSet());
  }

  private static IdxSource source(Path dir, String split) {
    return new IdxSource(
        "toy", split, dir + "/" + split + "-images", dir + "/" + split + "-labels", ABC);
  }

  private static byte[] images(int n, int rows, int cols, byte[][] pixels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(0x00000803);
      out.writeInt(n);
      out.writeInt(rows);
      out.writeInt(cols);
      for (byte[] p : pixels) {
        out.write(p);
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] labels(int... labels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(0x00000801);
      out.writeInt(labels.length);
      for (int l : labels) {
        out.writeByte(l);
      }
    }
    return bytes.toByteArray();
  }
}
