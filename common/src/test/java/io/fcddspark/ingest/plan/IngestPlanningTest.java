package io.fcddspark.ingest.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fcddspark.config.ConfigException;
import io.fcddspark.config.ConfigLoader;
import io.fcddspark.ingest.ImageDecoder;
import io.fcddspark.ingest.ImageFilesSource;
import io.fcddspark.ingest.IngestOutcome;
import io.fcddspark.ingest.IngestSource;
import io.fcddspark.ingest.LocalInputFiles;
import io.fcddspark.ingest.PlannedRejectsSource;
import io.fcddspark.ingest.TarImagesSource;
import io.fcddspark.ingest.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest configs planned into units on local disk, without Spark or Hadoop. */
class IngestPlanningTest {
  private static final LocalInputFiles LOCAL = new LocalInputFiles();
  private static final ImageDecoder.Options RGB = new ImageDecoder.Options(100_000_000, 3, 0);

  @TempDir Path dir;

  @Test
  void aFolderCorpusIsOneUnitPerClassSortedByNameWithoutHiddenEntries() throws IOException {
    write("corpus/dogs/b.png", "corpus/dogs/a.png", "corpus/cats/c.png", "corpus/cats/.DS_Store");
    write("corpus/_staging/x.png", "corpus/.trash/y.png");

    List<ImageFilesSource> units =
        FolderCorpus.sources(LOCAL, path("corpus"), "pets", "train", RGB, 1 << 20);

    assertThat(units)
        .extracting(u -> u.labels().className() + "=" + u.labels().classIndex())
        .containsExactly("cats=0", "dogs=1");
    assertThat(units.get(1).files())
        .containsExactly(path("corpus/dogs/a.png"), path("corpus/dogs/b.png"));
    assertThat(units.get(0).files()).containsExactly(path("corpus/cats/c.png"));
  }

  @Test
  void mvtecPairsEveryDefectImageWithItsMaskAndRejectsAStrayMask() throws IOException {
    write(
        "mvtec/bottle/train/good/000.png",
        "mvtec/bottle/test/good/000.png",
        "mvtec/bottle/test/broken/000.png",
        "mvtec/bottle/test/broken/001.png",
        "mvtec/bottle/ground_truth/broken/000_mask.png",
        "mvtec/bottle/ground_truth/broken/001_mask.png",
        "mvtec/bottle/ground_truth/broken/007_mask.png");

    List<IngestSource> units =
        new MvtecCorpus(LOCAL).sources(path("mvtec"), "mvtec-ad", RGB, 1 << 20);

    assertThat(units).hasSize(4);
    ImageFilesSource broken = (ImageFilesSource) units.get(1);
    assertThat(broken.labels().split()).isEqualTo("test");
    assertThat(broken.labels().defect()).isEqualTo("broken");
    assertThat(broken.masks())
        .containsEntry(
            path("mvtec/bottle/test/broken/001.png"),
            path("mvtec/bottle/ground_truth/broken/001_mask.png"));
    assertThat(((PlannedRejectsSource) units.get(3)).rejects())
        .singleElement()
        .satisfies(r -> assertThat(r.reason()).startsWith("mask without an image in "));
  }

  @Test
  void aTarOfTarsIsPlannedFromItsHeadersOnly() throws IOException {
    Map<String, byte[]> outer = new LinkedHashMap<>();
    outer.put("n01491361.tar", TestImages.tar(Map.of("s.png", TestImages.png(4, 4, 2))));
    outer.put("n01440764.tar", TestImages.tar(Map.of("f.png", TestImages.png(3, 3, 1))));
    outer.put("readme.txt", "not a synset".getBytes());
    Files.write(dir.resolve("whole.tar"), TestImages.tar(outer));

    List<IngestSource> units = plan("{type: imagenet, dataset: in22k, path: %s}", "whole.tar");

    assertThat(units)
        .filteredOn(TarImagesSource.class::isInstance)
        .extracting(u -> ((TarImagesSource) u).labels().className())
        .containsExactly("n01440764", "n01491361");
    assertThat(ingest(units)).containsExactly("image f.png", "image s.png", "reject readme.txt");
  }

  @Test
  void aFilesSourceLeavesOutItsExclusionsByRelativePath() throws IOException {
    write("new/a.png", "new/sub/b.png", "new/notes/c.png");

    List<IngestSource> units =
        plan("{type: files, dataset: new, split: test, path: %s, exclude: [notes/*]}", "new");

    assertThat(((ImageFilesSource) units.get(0)).files())
        .containsExactly(path("new/a.png"), path("new/sub/b.png"));
    assertThat(ingest(units)).containsExactly("image a.png", "image b.png");
  }

  @Test
  void aMissingFolderIsAnErrorNamingTheSourceAndTheFolder() {
    assertThatThrownBy(() -> plan("{type: folder, dataset: d, split: train, path: %s}", "nope"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("sources[0]: Corpus folder " + path("nope") + " does not exist");
  }

  @Test
  void aVocSplitThatIsNotAListIsNamed() throws IOException {
    write("voc/JPEGImages/000001.jpg");
    assertThatThrownBy(() -> plan("{type: voc, path: %s, split: trainval}", "voc"))
        .hasMessageContaining("VOC split list " + path("voc") + "/ImageSets/Main/trainval.txt")
        .hasMessageContaining("does not exist");
  }

  @Test
  void decodeResizeIsOneOfTheResizeMethods() {
    assertThatThrownBy(
            () ->
                plan(
                    "{type: folder, dataset: d, split: t, path: %s, decode: {resize: cubic}}", "x"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("decode.resize")
        .hasMessageContaining("cubic");
    DecodeSpec nearest =
        ConfigLoader.parse("{resize: Nearest, size: 64}", "decode", List.of(), DecodeSpec.class);
    assertThat(nearest.options(1, 0, ImageDecoder.Resize.BILINEAR))
        .isEqualTo(new ImageDecoder.Options(1, 3, 64, ImageDecoder.Resize.NEAREST));
  }

  private List<IngestSource> plan(String source, String relative) {
    String yaml = "output: out\nsources:\n  - " + String.format(source, path(relative));
    return ConfigLoader.parse(yaml, "ingest.yaml", List.of(), IngestConfig.class)
        .plan(LOCAL)
        .sources();
  }

  /** "image NAME" or "reject ENTRY" for every outcome of {@code units}, read from local disk. */
  private static List<String> ingest(List<IngestSource> units) {
    List<String> out = new ArrayList<>();
    for (IngestSource u : units) {
      u.ingest(
          LOCAL,
          o -> {
            if (o instanceof IngestOutcome.Accepted a) {
              String uri = a.image().sourceUri() + "/" + a.image().entry();
              out.add("image " + uri.substring(uri.lastIndexOf('/') + 1));
            } else if (o instanceof IngestOutcome.Rejected r) {
              out.add("reject " + r.reject().entry());
            }
          });
    }
    out.sort(null);
    return out;
  }

  private void write(String... files) throws IOException {
    for (String f : files) {
      Path p = dir.resolve(f);
      Files.createDirectories(p.getParent());
      Files.write(p, TestImages.png(2, 2, f.hashCode()));
    }
  }

  private String path(String relative) {
    return dir.resolve(relative).toString();
  }
}
