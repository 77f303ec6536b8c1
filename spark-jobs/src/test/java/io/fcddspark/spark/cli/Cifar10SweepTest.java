package io.fcddspark.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.ingest.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped CIFAR-10 sweep ({@code conf/sweep/cifar10.yaml}) end to end on data of its layout: a
 * CIFAR-10-shaped archive ({@link CifarArchive}) through the shipped CIFAR-10 ingest, train and
 * evaluate configs, with an OE corpus ingested by the shipped ImageNet-22k config at 32 px from
 * per-synset tars, as docs/cluster.md runs it. Only where the data lies and the schedule are
 * overridden (one epoch, two classes, one seed).
 */
class Cifar10SweepTest {
  @Test
  void theShippedSweepRunsOnACifarShapedArchive(@TempDir Path dir) throws Exception {
    Path tgz = CifarArchive.write(dir.resolve("cifar-10-binary.tar.gz"), 10, 4, 7L);
    Path fall11 = Files.createDirectories(dir.resolve("fall11"));
    for (int s = 1; s <= 3; s++) {
      String wnid = String.format("n0000000%d", s);
      Map<String, byte[]> images = new LinkedHashMap<>();
      for (int i = 0; i < 8; i++) {
        images.put(
            wnid + "_" + i + ".JPEG",
            TestImages.encode(TestImages.random(48, 40, 100L * s + i), "jpeg"));
      }
      Files.write(fall11.resolve(wnid + ".tar"), TestImages.tar(images));
    }
    Path imagenet1k = dir.resolve("LOC_synset_mapping.txt");
    Files.writeString(imagenet1k, "n00000003 an ImageNet-1k class\n", StandardCharsets.UTF_8);
    Path oe = dir.resolve("imagenet22k-oe-32");

    CliRun ingestOe =
        CliRun.fcdd(
            "ingest",
            "-c",
            "../conf/ingest/imagenet22k-oe.yaml",
            "--master",
            "local[2]",
            "--set",
            "output=" + oe,
            "--set",
            "sources[0].path=" + fall11,
            "--set",
            "sources[0].exclude=" + imagenet1k,
            "--set",
            "sources[0].decode.size=32");
    assertThat(ingestOe.problems()).isEmpty();
    assertThat(ingestOe.code()).isZero();
    assertThat(ingestOe.output()).startsWith("ingest: 16 inputs = 16 rows");

    Path out = dir.resolve("sweep");
    CliRun sweep =
        CliRun.fcdd(
            "sweep",
            "-c",
            "../conf/sweep/cifar10.yaml",
            "--master",
            "local[2]",
            "--set",
            "output=" + out,
            "--set",
            "seeds=[0]",
            "--set",
            "datasets[0].classes=[0, 7]",
            "--set",
            "datasets[0].ingest.config=../conf/ingest/cifar10.yaml",
            "--set",
            "datasets[0].ingest.set=['sources[0].path=" + tgz + "', 'sources[1].path=" + tgz + "']",
            "--set",
            "datasets[0].outlierExposureInput=" + oe,
            "--set",
            "datasets[0].train.config=../conf/train/cifar10.yaml",
            "--set",
            "datasets[0].train.set=[outlierExposure.dataset=imagenet22k, epochs=1, batchSize=20]",
            "--set",
            "datasets[0].evaluate.config=../conf/evaluate/cifar10.yaml",
            "--set",
            "datasets[0].baselines=[../conf/baselines/fcdd-table7-cifar10-auc.csv]");

    assertThat(sweep.problems()).isEmpty();
    assertThat(sweep.code()).isZero();
    List<String> rows = Files.readAllLines(out.resolve("results.csv"));
    assertThat(rows).hasSize(1 + 2);
    assertThat(rows.get(1)).startsWith("cifar10,fcdd-oe,0,0,done,");
    assertThat(rows.get(2)).startsWith("cifar10,fcdd-oe,7,0,done,");
    for (String row : rows.subList(1, 3)) {
      assertThat(Double.parseDouble(row.split(",")[5])).isBetween(0.0, 1.0);
    }
    // Each class's 4 test images nominal against the other nine classes' 36.
    assertThat(Files.readString(out.resolve("cells/cifar10/fcdd-oe/class-07-seed-0/cell.json")))
        .contains("\"positives\" : 36")
        .contains("\"negatives\" : 4");
  }
}
