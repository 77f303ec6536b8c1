package io.fcddspark.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fcddspark.ingest.IdxSource;
import io.fcddspark.ingest.ImageDecoder;
import io.fcddspark.ingest.IngestResult;
import io.fcddspark.ingest.IngestSource;
import io.fcddspark.ingest.PngCodec;
import io.fcddspark.ingest.TestImages;
import io.fcddspark.ingest.plan.ImageNetCorpus;
import io.fcddspark.ingest.plan.IngestConfig;
import io.fcddspark.ingest.plan.IngestPlan;
import io.fcddspark.ingest.plan.MvtecCorpus;
import io.fcddspark.ingest.plan.VocCorpus;
import io.fcddspark.spark.SparkSessions;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reader on a real (in-process) HDFS: IDX, CIFAR, class folders with the fault corpus,
 * ImageNet (tars, tar of tars, folders, validation labels), MVTec-AD and VOC.
 */
class CorporaOnHdfsTest {
  private static final ImageDecoder.Options RGB = new ImageDecoder.Options(100_000_000, 3, 0);
  @TempDir static Path base;
  private static MiniDFSCluster hdfs;
  private static SparkSession spark;
  private static FileSystem fs;
  private static String root;

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    fs = hdfs.getFileSystem();
    root = fs.getUri().toString();
    spark = SparkSessions.local("local[2]", "corpora-hdfs-test");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  @Test
  void idxFromHdfsToHdfsWithTheManifest() throws Exception {
    String toy = root + "/corpora/toy";
    write(
        fs,
        toy + "/images",
        0x00000803,
        new int[] {3, 2, 2},
        new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    write(fs, toy + "/labels", 0x00000801, new int[] {3}, new byte[] {0, 1, 1});
    String out = root + "/ingested/toy";

    IngestResult r =
        new IngestJob(spark)
            .run(
                new IngestPlan(
                    out,
                    List.of(
                        new IdxSource(
                            "toy", "train", toy + "/images", toy + "/labels", List.of("a", "b"))),
                    IngestPlan.DEFAULT_SHARD_BYTES));

    assertThat(r.rows()).isEqualTo(3);
    assertThat(r.rejects()).isZero();
    assertThat(spark.read().parquet(out + "/images").count()).isEqualTo(3);
    assertThat(
            fs.exists(
                new org.apache.hadoop.fs.Path(
                    out + "/images/dataset=toy/split=train/class_name=b")))
        .isTrue();
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(out + "/manifest.json"))) {
      JsonNode manifest = new ObjectMapper().readTree(in);
      assertThat(manifest.at("/result/rows").asLong()).isEqualTo(3);
      assertThat(manifest.at("/inputs/0/uri").asText()).startsWith("hdfs://");
      assertThat(manifest.at("/inputs/0/bytes").asLong()).isEqualTo(16 + 12);
    }
  }

  @Test
  void imageNet22kFromSynsetTarsAndFromATarOfTarsExcludingImageNet1k() throws Exception {
    Map<String, byte[]> inner = new LinkedHashMap<>();
    inner.put("n00000001.tar", tar("n00000001_1.JPEG", jpeg(1), "n00000001_2.JPEG", jpeg(2)));
    inner.put("n00000002.tar", tar("n00000002_1.JPEG", jpeg(3), "../n00000002_9.JPEG", jpeg(4)));
    inner.put("n01440764.tar", tar("n01440764_1.JPEG", jpeg(5)));
    for (Map.Entry<String, byte[]> e : inner.entrySet()) {
      put("/fall11/" + e.getKey(), e.getValue());
    }
    byte[] cut = tar("n00000003_1.JPEG", jpeg(6));
    put("/fall11/n00000003.tar", Arrays.copyOf(cut, 700));
    put("/fall11/notes.txt", "not a synset".getBytes(StandardCharsets.UTF_8));
    Map<String, byte[]> outer = new LinkedHashMap<>(inner);
    outer.put("../escape.tar", tar("x.JPEG", jpeg(7)));
    outer.put("README", "hello".getBytes(StandardCharsets.UTF_8));
    put("/fall11_whole.tar", TestImages.tar(outer));
    put("/conf/imagenet1k.txt", "# ImageNet-1k\nn01440764 tench, Tinca tinca\n".getBytes());
    ImageNetCorpus imagenet = new ImageNetCorpus(HadoopInputFiles.of(spark));
    Set<String> exclude = imagenet.readSynsetList(root + "/conf/imagenet1k.txt");

    ImageNetCorpus.Plan folder =
        imagenet.synsets(root + "/fall11", "imagenet22k", "train", exclude, RGB, 1 << 20);
    ImageNetCorpus.Plan whole =
        imagenet.synsets(root + "/fall11_whole.tar", "imagenet22k", "train", exclude, RGB, 1 << 20);
    IngestResult a = run("/out/fall11", folder.sources());
    IngestResult b = run("/out/fall11_whole", whole.sources());

    assertThat(exclude).containsExactly("n01440764");
    assertThat(folder.excluded()).containsExactly(root + "/fall11/n01440764.tar");
    assertThat(whole.excluded()).containsExactly(root + "/fall11_whole.tar!n01440764.tar");
    assertThat(a.rows()).isEqualTo(3);
    assertThat(a.perClass())
        .containsOnlyKeys("imagenet22k/train/n00000001", "imagenet22k/train/n00000002");
    assertThat(reasons("/out/fall11"))
        .containsExactlyInAnyOrder(
            "../n00000002_9.JPEG: tar entry ../n00000002_9.JPEG climbs out of the archive with '..'",
            "*: not a synset tar (expected n########.tar)",
            "*: tar "
                + root
                + "/fall11/n00000003.tar cannot be read (in entry n00000003_1.JPEG) after 0"
                + " entries: Truncated TAR archive");
    assertThat(b.rows()).isEqualTo(3);
    assertThat(reasons("/out/fall11_whole"))
        .containsExactlyInAnyOrder(
            "../n00000002_9.JPEG: tar entry ../n00000002_9.JPEG climbs out of the archive with '..'",
            "../escape.tar: tar entry ../escape.tar climbs out of the archive with '..'",
            "README: not a synset tar (expected n########.tar)");
    assertThat(hashes("/out/fall11_whole")).isEqualTo(hashes("/out/fall11"));
    Row fish = images("/out/fall11_whole").filter("entry = 'n00000002_1.JPEG'").first();
    assertThat(fish.<String>getAs("wnid")).isEqualTo("n00000002");
    assertThat(fish.<Integer>getAs("class_index")).isEqualTo(1);
    assertThat(fish.<String>getAs("source_uri"))
        .isEqualTo(root + "/fall11_whole.tar!n00000002.tar");
  }

  @Test
  void imageNet1kTrainFoldersAndValidationWithItsLabelFile() throws Exception {
    put("/in1k/train/n00000001/n00000001_1.JPEG", jpeg(11));
    put("/in1k/train/n00000002/n00000002_1.JPEG", jpeg(12));
    put("/in1k/val/ILSVRC2012_val_00000001.JPEG", jpeg(13));
    put("/in1k/val/ILSVRC2012_val_00000002.JPEG", jpeg(14));
    put("/in1k/val/ILSVRC2012_val_00000003.JPEG", jpeg(15));
    put(
        "/in1k/LOC_val_solution.csv",
        ("ImageId,PredictionString\n"
                + "ILSVRC2012_val_00000001,n00000002 1 2 3 4\n"
                + "ILSVRC2012_val_00000003,n09999999 1 2 3 4\n"
                + "ILSVRC2012_val_00000004,n00000001 1 2 3 4\n")
            .getBytes(StandardCharsets.UTF_8));
    ImageNetCorpus imagenet = new ImageNetCorpus(HadoopInputFiles.of(spark));
    List<String> classes = imagenet.synsetsOf(root + "/in1k/train");
    List<IngestSource> sources =
        new java.util.ArrayList<>(
            imagenet
                .synsets(root + "/in1k/train", "imagenet1k", "train", Set.of(), RGB, 1 << 20)
                .sources());
    sources.addAll(
        imagenet.validation(
            root + "/in1k/val",
            root + "/in1k/LOC_val_solution.csv",
            classes,
            "imagenet1k",
            RGB,
            1 << 20));

    IngestResult r = run("/out/in1k", sources);

    assertThat(classes).containsExactly("n00000001", "n00000002");
    assertThat(r.inputs()).isEqualTo(6);
    assertThat(r.perClass())
        .containsOnly(
            Map.entry("imagenet1k/train/n00000001", 1L),
            Map.entry("imagenet1k/train/n00000002", 1L),
            Map.entry("imagenet1k/val/n00000002", 1L));
    Row val = images("/out/in1k").filter("split = 'val'").first();
    assertThat(val.<Integer>getAs("class_index")).isEqualTo(1);
    assertThat(reasons("/out/in1k"))
        .containsExactlyInAnyOrder(
            "ILSVRC2012_val_00000002.JPEG: no label in " + root + "/in1k/LOC_val_solution.csv",
            "ILSVRC2012_val_00000003.JPEG: label n09999999 in "
                + root
                + "/in1k/LOC_val_solution.csv is not a known class",
            "ILSVRC2012_val_00000004: labelled image ILSVRC2012_val_00000004 is missing from "
                + root
                + "/in1k/val");
  }

  @Test
  void mvtecPairsImagesWithMasksAtTheStoredSize() throws Exception {
    put("/mvtec/bottle/train/good/000.png", TestImages.png(12, 10, 21));
    put("/mvtec/bottle/train/good/001.png", TestImages.png(12, 10, 22));
    put("/mvtec/bottle/test/good/000.png", TestImages.png(12, 10, 23));
    put("/mvtec/bottle/test/broken_large/000.png", TestImages.png(12, 10, 24));
    put("/mvtec/bottle/test/broken_large/001.png", TestImages.png(12, 10, 25));
    BufferedImage mask = new BufferedImage(12, 10, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 6; x++) {
        mask.getRaster().setSample(x, y, 0, 255);
      }
    }
    put("/mvtec/bottle/ground_truth/broken_large/000_mask.png", TestImages.encode(mask, "png"));
    put("/mvtec/bottle/ground_truth/broken_large/007_mask.png", TestImages.encode(mask, "png"));
    put("/mvtec/license.txt", "CC BY-NC-SA 4.0".getBytes(StandardCharsets.UTF_8));
    ImageDecoder.Options stored =
        new ImageDecoder.Options(100_000_000, 3, 8, ImageDecoder.Resize.NEAREST);

    IngestResult r =
        run(
            "/out/mvtec",
            new MvtecCorpus(HadoopInputFiles.of(spark))
                .sources(root + "/mvtec", "mvtec-ad", stored, 1 << 20));

    assertThat(r.inputs()).isEqualTo(6);
    assertThat(r.perClass())
        .containsOnly(
            Map.entry("mvtec-ad/train/bottle", 2L), Map.entry("mvtec-ad/test/bottle", 2L));
    Row broken = images("/out/mvtec").filter("defect = 'broken_large'").first();
    byte[] m = PngCodec.decode(broken.getAs("mask_png"), 1);
    assertThat(m).hasSize(64);
    int ones = 0;
    for (byte v : m) {
      assertThat(Byte.toUnsignedInt(v)).isIn(0, 255);
      ones += v == 0 ? 0 : 1;
    }
    assertThat(ones).isEqualTo(4 * 4); // the 6x5 corner of 12x10, nearest to 8x8
    assertThat(images("/out/mvtec").filter("defect = 'good' and mask_png is not null").count())
        .isZero();
    assertThat(reasons("/out/mvtec"))
        .hasSize(2)
        .anySatisfy(
            s ->
                assertThat(s)
                    .startsWith(
                        "001.png: cannot read its mask " + root + "/mvtec/bottle/ground_truth"))
        .contains(
            "007_mask.png: mask without an image in " + root + "/mvtec/bottle/test/broken_large");
  }

  @Test
  void vocLabelsComeFromTheAnnotations() throws Exception {
    put("/voc/JPEGImages/2008_000001.jpg", jpeg(31));
    put("/voc/JPEGImages/2008_000002.jpg", jpeg(32));
    put("/voc/JPEGImages/2008_000003.jpg", jpeg(33));
    put(
        "/voc/Annotations/2008_000001.xml",
        ("<annotation><filename>2008_000001.jpg</filename>"
                + "<object><name>dog</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>3</xmax>"
                + "<ymax>3</ymax></bndbox></object>"
                + "<object><name>person</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>9</xmax>"
                + "<ymax>9</ymax></bndbox><part><name>head</name><bndbox><xmin>1</xmin><ymin>1"
                + "</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></part></object></annotation>")
            .getBytes(StandardCharsets.UTF_8));
    put("/voc/Annotations/2008_000002.xml", "<annotation><object>".getBytes());
    put(
        "/voc/ImageSets/Main/train.txt",
        "2008_000001\n2008_000002\n2008_000003\n2008_000004\n".getBytes());

    IngestResult r =
        run(
            "/out/voc",
            new VocCorpus(HadoopInputFiles.of(spark))
                .sources(root + "/voc", "train", "voc2012", RGB, 1 << 20, null));

    assertThat(r.inputs()).isEqualTo(4);
    assertThat(r.rows()).isEqualTo(1);
    Row row = images("/out/voc").first();
    assertThat(row.<String>getAs("class_name")).isEqualTo("person");
    assertThat(row.<Integer>getAs("class_index")).isEqualTo(14);
    assertThat(row.getList(row.fieldIndex("objects"))).containsExactly("dog", "person");
    assertThat(reasons("/out/voc"))
        .hasSize(3)
        .anySatisfy(s -> assertThat(s).startsWith("2008_000002.jpg: malformed annotation "))
        .anySatisfy(s -> assertThat(s).startsWith("2008_000003.jpg: cannot read its annotation "))
        .anySatisfy(s -> assertThat(s).startsWith("2008_000004.jpg: cannot read its annotation "));

    // Clever Hans labels: whether any object is the class (here a small dog), whatever is largest.
    for (String c : List.of("dog", "horse")) {
      run(
          "/out/voc-" + c,
          new VocCorpus(HadoopInputFiles.of(spark))
              .sources(root + "/voc", "train", "voc2007", RGB, 1 << 20, c));
      Row labelled = images("/out/voc-" + c).first();
      assertThat(labelled.<String>getAs("class_name")).isEqualTo(c.equals("dog") ? "dog" : "other");
      assertThat(labelled.<Integer>getAs("class_index")).isEqualTo(c.equals("dog") ? 0 : 1);
    }
  }

  @Test
  void theFaultCorpusFromAYamlConfigAccountsForEveryInput() throws Exception {
    put("/faults/a/rgb.png", TestImages.png(12, 10, 41));
    BufferedImage grey = new BufferedImage(12, 10, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(3, 4, 0, 200);
    put("/faults/a/grey.png", TestImages.encode(grey, "png"));
    BufferedImage rgba = new BufferedImage(12, 10, BufferedImage.TYPE_INT_ARGB);
    rgba.setRGB(1, 1, 0x80ff0000);
    put("/faults/a/rgba.png", TestImages.encode(rgba, "png"));
    BufferedImage deep = new BufferedImage(12, 10, BufferedImage.TYPE_USHORT_GRAY);
    deep.getRaster().setSample(2, 2, 0, 65535);
    put("/faults/a/sixteen-bit.png", TestImages.encode(deep, "png"));
    put("/faults/a/cmyk.jpg", TestImages.cmykJpeg(12, 10, new int[] {0, 255, 255, 255}));
    byte[] jpeg = jpeg(42);
    put("/faults/a/truncated.jpg", Arrays.copyOf(jpeg, jpeg.length / 2));
    put("/faults/a/empty.png", new byte[0]);
    put("/faults/a/notes.txt", "not an image".getBytes(StandardCharsets.UTF_8));
    put("/faults/a/bomb.png", TestImages.bombPng(100_000, 100_000));
    put("/faults/b/ok.jpg", jpeg);
    put("/faults/b/same-as-rgb.png", TestImages.png(12, 10, 41));
    Path config = base.resolve("faults.yaml");
    java.nio.file.Files.writeString(
        config,
        "output: "
            + root
            + "/out/faults\nsources:\n  - type: folder\n    dataset: faults\n    split: train\n"
            + "    path: "
            + root
            + "/faults\n    decode: {channels: 3, size: 8}\n");

    IngestPlan planned =
        io.fcddspark.config.ConfigLoader.load(config, List.of(), IngestConfig.class)
            .plan(HadoopInputFiles.of(spark));
    IngestResult r = new IngestJob(spark).run(planned);

    assertThat(r.inputs()).isEqualTo(11).isEqualTo(r.rows() + r.rejects());
    assertThat(
            images("/out/faults").select("entry").collectAsList().stream()
                .map(x -> x.getString(0))
                .sorted())
        .containsExactly(
            "cmyk.jpg", "grey.png", "ok.jpg", "rgb.png", "rgba.png", "sixteen-bit.png");
    assertThat(reasons("/out/faults"))
        .hasSize(5)
        .anySatisfy(s -> assertThat(s).matches("truncated.jpg: (corrupt image|damaged jpeg): .+"))
        .anySatisfy(s -> assertThat(s).isEqualTo("empty.png: empty file (0 bytes)"))
        .anySatisfy(s -> assertThat(s).startsWith("notes.txt: not an image"))
        .anySatisfy(
            s ->
                assertThat(s)
                    .isEqualTo(
                        "bomb.png: png of 100000x100000 = 10000000000 pixels exceeds the limit"
                            + " of 100000000 (decompression-bomb guard)"))
        .anySatisfy(s -> assertThat(s).startsWith("same-as-rgb.png: duplicate of "));
    try (java.io.InputStream in =
        fs.open(new org.apache.hadoop.fs.Path(root + "/out/faults/manifest.json"))) {
      com.fasterxml.jackson.databind.JsonNode m =
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
      assertThat(m.at("/config/file/sources/0/path").asText()).isEqualTo(root + "/faults");
      assertThat(m.at("/inputs").size()).isEqualTo(11);
    }
  }

  @Test
  void cifarFromATarGzOnHdfs() throws Exception {
    byte[] batch = new byte[3 * 3073];
    for (int i = 0; i < 3; i++) {
      batch[i * 3073] = (byte) (i == 2 ? 11 : i); // 11 is no class
      Arrays.fill(batch, i * 3073 + 1, (i + 1) * 3073, (byte) (40 * i));
    }
    put(
        "/cifar-10-binary.tar.gz",
        TestImages.gzip(TestImages.tar(Map.of("cifar-10-batches-bin/test_batch.bin", batch))));
    List<String> classes = TestImages.CIFAR10_CLASSES;

    IngestResult r =
        run(
            "/out/cifar",
            List.of(
                new io.fcddspark.ingest.CifarSource(
                    "cifar10",
                    "test",
                    root + "/cifar-10-binary.tar.gz",
                    io.fcddspark.ingest.CifarSource.Variant.CIFAR10,
                    io.fcddspark.ingest.CifarSource.Granularity.FINE,
                    classes)));

    assertThat(r.rows()).isEqualTo(2);
    assertThat(r.perClass())
        .containsOnly(
            Map.entry("cifar10/test/airplane", 1L), Map.entry("cifar10/test/automobile", 1L));
    assertThat(reasons("/out/cifar")).singleElement().asString().contains("label 11");
  }

  private static IngestResult run(String out, List<? extends IngestSource> sources) {
    IngestResult r =
        new IngestJob(spark)
            .run(new IngestPlan(root + out, List.copyOf(sources), IngestPlan.DEFAULT_SHARD_BYTES));
    assertThat(r.inputs()).isEqualTo(r.rows() + r.rejects());
    return r;
  }

  private static Dataset<Row> images(String out) {
    return spark.read().parquet(root + out + "/images");
  }

  private static Set<String> hashes(String out) {
    return images(out).select("content_hash").collectAsList().stream()
        .map(r -> r.getString(0))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<String> reasons(String out) {
    return spark.read().parquet(root + out + "/rejects").collectAsList().stream()
        .map(r -> r.<String>getAs("entry") + ": " + r.<String>getAs("reason"))
        .toList();
  }

  private static byte[] jpeg(long seed) {
    return TestImages.encode(TestImages.random(10, 8, seed), "jpeg");
  }

  private static byte[] tar(Object... nameThenBytes) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < nameThenBytes.length; i += 2) {
      entries.put((String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1]);
    }
    return TestImages.tar(entries);
  }

  private static void put(String path, byte[] bytes) throws Exception {
    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(root + path))) {
      out.write(bytes);
    }
  }

  private static void write(FileSystem fs, String uri, int magic, int[] dims, byte[] body)
      throws Exception {
    try (DataOutputStream out = fs.create(new org.apache.hadoop.fs.Path(uri))) {
      out.writeInt(magic);
      for (int d : dims) {
        out.writeInt(d);
      }
      out.write(body);
    }
  }
}
