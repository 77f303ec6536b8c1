package io.fcddspark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.testing.SystemPackages;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderedLettersSourceTest {
  private static final FileOpener FILES = FileInputStream::new;

  private static List<String> systemFonts() throws IOException {
    return RenderedLettersSource.fontFiles(Path.of("/usr/share/fonts/truetype/dejavu"));
  }

  private static List<IngestOutcome> run(RenderedLettersSource source) {
    List<IngestOutcome> out = new ArrayList<>();
    long n = source.ingest(FILES, out::add);
    assertThat(n).isEqualTo(out.size()).isEqualTo(source.count());
    return out;
  }

  private static List<String> hashes(List<IngestOutcome> outcomes) {
    return outcomes.stream()
        .map(o -> ((IngestOutcome.Accepted) o).image())
        .map(i -> i.entry() + ":" + i.classIndex() + ":" + i.contentHash())
        .toList();
  }

  @Test
  void rendersTheSameCorpusWhateverTheUnitSplit() throws IOException {
    List<String> fonts = systemFonts();
    SystemPackages.require(
        !fonts.isEmpty(), "fonts-dejavu-core", "DejaVu fonts (/usr/share/fonts/truetype/dejavu)");
    List<String> whole = hashes(run(new RenderedLettersSource("l", "train", fonts, 0, 60, 7, 28)));
    List<String> split = new ArrayList<>();
    split.addAll(hashes(run(new RenderedLettersSource("l", "train", fonts, 0, 25, 7, 28))));
    split.addAll(hashes(run(new RenderedLettersSource("l", "train", fonts, 25, 35, 7, 28))));

    assertThat(split).isEqualTo(whole);
    assertThat(whole.stream().map(h -> h.split(":")[2]).distinct()).hasSize(60);
    assertThat(hashes(run(new RenderedLettersSource("l", "train", fonts, 0, 60, 8, 28))))
        .isNotEqualTo(whole);
  }

  @Test
  void drawsWhiteLettersOnBlackInTheMiddleOfTheCanvas() throws IOException {
    List<String> fonts = systemFonts();
    SystemPackages.require(
        !fonts.isEmpty(), "fonts-dejavu-core", "DejaVu fonts (/usr/share/fonts/truetype/dejavu)");
    for (IngestOutcome o : run(new RenderedLettersSource("l", "train", fonts, 0, 40, 1, 28))) {
      IngestedImage im = ((IngestOutcome.Accepted) o).image();
      assertThat(im.className()).matches("[A-Z]");
      assertThat(im.className().charAt(0) - 'A').isEqualTo(im.classIndex());
      byte[] px = PngCodec.decode(im.png(), 1);
      int border = 0;
      int centre = 0;
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          int v = px[y * 28 + x] & 0xFF;
          if (y == 0 || x == 0 || y == 27 || x == 27) {
            border = Math.max(border, v);
          } else if (Math.abs(y - 14) < 9 && Math.abs(x - 14) < 9) {
            centre = Math.max(centre, v);
          }
        }
      }
      assertThat(border).as(im.entry()).isLessThan(128);
      assertThat(centre).as(im.entry()).isGreaterThan(200);
    }
  }

  @Test
  void aFontThatCannotLoadRejectsItsImagesByName(@TempDir Path dir) throws IOException {
    Path bad = Files.writeString(dir.resolve("broken.ttf"), "not a font");
    List<IngestOutcome> out =
        run(new RenderedLettersSource("l", "train", List.of(bad.toString()), 0, 5, 1, 28));

    assertThat(out)
        .allSatisfy(
            o ->
                assertThat(((IngestOutcome.Rejected) o).reject().reason())
                    .startsWith("Cannot load font " + bad));
  }
}
