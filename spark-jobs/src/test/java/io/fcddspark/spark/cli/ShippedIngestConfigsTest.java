package io.fcddspark.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fcddspark.ingest.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped ingest configs that no job test runs otherwise, run by {@code fcdd ingest} on a
 * fixture of each one's layout, only the paths overridden: CIFAR-100 (coarse labels), the
 * Openclipart OE corpus (its exclusions), ImageNet-1k (per-synset training tars, the flat
 * validation folder and Kaggle's label file), ImageNet-1k without the synsets named after PASCAL
 * VOC's classes (the Clever Hans OE corpus).
 */
class ShippedIngestConfigsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode ingest(String config, Path out, String... sets) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of("ingest", "-c", "../conf/ingest/" + config, "--master", "local[1]"));
    args.add("--set");
    args.add("output=" + out);
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    CliRun run = CliRun.fcdd(args.toArray(String[]::new));
    assertThat(run.problems()).as(config).isEmpty();
    assertThat(run.code()).as(config).isZero();
    return JSON.readTree(out.resolve("manifest.json").toFile());
  }

  /** Per-synset tars of {@code perSynset} JPEGs each under {@code folder}. */
  private static Path synsetTars(Path folder, List<String> wnids, int perSynset) throws Exception {
    Files.createDirectories(folder);
    for (int s = 0; s < wnids.size(); s++) {
      Map<String, byte[]> images = new LinkedHashMap<>();
      for (int i = 0; i < perSynset; i++) {
        images.put(
            wnids.get(s) + "_" + i + ".JPEG",
            TestImages.encode(TestImages.random(300, 260, 10L * s + i), "jpeg"));
      }
      Files.write(folder.resolve(wnids.get(s) + ".tar"), TestImages.tar(images));
    }
    return folder;
  }

  @Test
  void cifar100WithCoarseLabels(@TempDir Path dir) throws Exception {
    Path tgz = CifarArchive.writeCifar100(dir.resolve("cifar-100-binary.tar.gz"), 2, 1, 3L);

    JsonNode manifest =
        ingest("cifar100-coarse.yaml", dir.resolve("out"), "sources[0].path=" + tgz);

    assertThat(manifest.at("/result/rows").asLong()).isEqualTo(20 * 2);
    assertThat(manifest.at("/result/rejects").asLong()).isZero();
    assertThat(manifest.at("/result/perClass").toString())
        .contains("cifar100/train/aquatic_mammals")
        .contains("cifar100/train/vehicles_2");
  }

  @Test
  void clipartWithoutItsExcludedFoldersAndNames(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("openclipart/png");
    Map<String, Long> files = new LinkedHashMap<>();
    files.put("animals/cat.png", 1L);
    files.put("food/apple.png", 2L);
    files.put("shapes/circle.png", 3L); // shapes/**
    files.put("people/clothing/shirt.png", 4L); // people/clothing/**
    files.put("food/my_old_shoe.png", 5L); // *shoe*
    // The source refuses a pattern that matches nothing: one file for each of the others.
    List<String> excluded =
        List.of(
            "computer/mouse.png",
            "signs_and_symbols/arrow.png",
            "logos/logo.png",
            "buttons/ok.png",
            "misc/rubber_boot.png",
            "misc/sandal.png",
            "misc/handbag.png",
            "misc/coat_check_ticket.png");
    for (int i = 0; i < excluded.size(); i++) {
      files.put(excluded.get(i), 10L + i);
    }
    for (Map.Entry<String, Long> f : files.entrySet()) {
      Path file = png.resolve(f.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, TestImages.png(40, 30, f.getValue()));
    }

    JsonNode manifest = ingest("clipart-oe.yaml", dir.resolve("out"), "sources[0].path=" + png);

    assertThat(manifest.at("/result/rows").asLong()).isEqualTo(2);
    assertThat(manifest.at("/result/perClass").toString()).contains("clipart/train/clipart");
  }

  @Test
  void imagenet1kTrainingTarsAndLabelledValidationImages(@TempDir Path dir) throws Exception {
    Path train = synsetTars(dir.resolve("train"), List.of("n00000001", "n00000002"), 2);
    Path val = Files.createDirectories(dir.resolve("val"));
    StringBuilder labels = new StringBuilder("ImageId,PredictionString\n");
    for (int i = 1; i <= 3; i++) {
      String id = String.format("ILSVRC2012_val_%08d", i);
      Files.write(
          val.resolve(id + ".JPEG"),
          TestImages.encode(TestImages.random(280, 300, 50L + i), "jpeg"));
      labels.append(id).append(",n0000000").append(1 + i % 2).append(" 1 2 3 4\n");
    }
    Path solution = dir.resolve("LOC_val_solution.csv");
    Files.writeString(solution, labels, StandardCharsets.UTF_8);

    JsonNode manifest =
        ingest(
            "imagenet1k.yaml",
            dir.resolve("out"),
            "sources[0].path=" + train,
            "sources[1].path=" + val,
            "sources[1].labels=" + solution,
            "sources[1].train=" + train);

    assertThat(manifest.at("/result/rows").asLong()).isEqualTo(4 + 3);
    assertThat(manifest.at("/result/rejects").asLong()).isZero();
    assertThat(manifest.at("/result/perClass").toString())
        .contains("imagenet1k/train/n00000001")
        .contains("imagenet1k/val/n00000002");
  }

  @Test
  void imagenet1kWithoutTheSynsetsNamedAfterVocClasses(@TempDir Path dir) throws Exception {
    Path train =
        synsetTars(dir.resolve("train"), List.of("n00000001", "n00000002", "n00000003"), 2);
    Path names = dir.resolve("LOC_synset_mapping.txt");
    Files.writeString(
        names,
        "n00000001 tench, Tinca tinca\nn00000002 horse cart, horse-cart\nn00000003 sorrel\n",
        StandardCharsets.UTF_8);

    JsonNode manifest =
        ingest(
            "imagenet1k-voc-oe.yaml",
            dir.resolve("out"),
            "sources[0].path=" + train,
            "sources[0].synsetNames=" + names);

    // "horse cart" carries a VOC class's word; "sorrel" (a horse) does not, as in the reference.
    assertThat(manifest.at("/result/rows").asLong()).isEqualTo(2 * 2);
    assertThat(manifest.at("/result/perClass").toString())
        .contains("imagenet1k/train/n00000001")
        .contains("imagenet1k/train/n00000003")
        .doesNotContain("n00000002");
  }
}
