package io.fcddspark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarImagesSourceTest {
  private static final ImageDecoder.Options RGB = new ImageDecoder.Options(100_000_000, 3, 0);
  private static final ImageLabels FISH =
      new ImageLabels("imagenet22k", "train", "n01440764", 0, "n01440764", null, null);

  @Test
  void everyEntryIsAnImageOrARejectWithItsReason() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("n01440764_1.JPEG", TestImages.encode(TestImages.random(9, 7, 1), "jpeg"));
    entries.put("n01440764_2.png", TestImages.png(5, 4, 2));
    entries.put("../evil.png", TestImages.png(5, 4, 3));
    entries.put("/abs.png", TestImages.png(5, 4, 4));
    entries.put("big.png", new byte[2000]);
    entries.put("readme.txt", "hello".getBytes());
    byte[] tar = TestImages.tar(entries);

    List<IngestOutcome> out = new ArrayList<>();
    long n =
        TarImagesSource.whole(FISH, "t.tar", RGB, 1500)
            .ingest(uri -> new ByteArrayInputStream(tar), out::add);

    assertThat(n).isEqualTo(6).isEqualTo(out.size());
    assertThat(images(out))
        .extracting(IngestedImage::entry, IngestedImage::width, IngestedImage::wnid)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("n01440764_1.JPEG", 9, "n01440764"),
            org.assertj.core.groups.Tuple.tuple("n01440764_2.png", 5, "n01440764"));
    assertThat(rejects(out))
        .containsExactly(
            "../evil.png: tar entry ../evil.png climbs out of the archive with '..'",
            "/abs.png: tar entry /abs.png has an absolute path",
            "big.png: tar entry of 2000 bytes exceeds maxEntryBytes 1500",
            "readme.txt: not an image: no decoder recognises its first bytes 68656c6c6f");
  }

  @Test
  void aTarThatBreaksOffKeepsWhatWasReadAndRejectsTheRest() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("a.png", TestImages.png(5, 4, 1));
    entries.put("b.png", TestImages.png(50, 40, 2));
    byte[] tar = TestImages.tar(entries);
    byte[] cut = Arrays.copyOf(tar, 1024 + 600); // a's header and data, then b's header, cut

    List<IngestOutcome> out = new ArrayList<>();
    long n =
        TarImagesSource.whole(FISH, "t.tar", RGB, 1 << 20)
            .ingest(uri -> new ByteArrayInputStream(cut), out::add);

    assertThat(n).isEqualTo(out.size()).isEqualTo(2);
    assertThat(images(out)).hasSize(1);
    assertThat(rejects(out))
        .singleElement()
        .asString()
        .startsWith("*: tar t.tar cannot be read (in entry b.png) after 1 entries: ");
  }

  @Test
  void membersOfATarOfTarsAreReadByTheirByteRanges(@TempDir Path dir) throws Exception {
    byte[] fish = TestImages.tar(Map.of("f.png", TestImages.png(3, 3, 1)));
    byte[] shark = TestImages.tar(Map.of("s.png", TestImages.png(4, 4, 2)));
    Map<String, byte[]> outer = new LinkedHashMap<>();
    outer.put("n01440764.tar", fish);
    outer.put("n01491361.tar", shark);
    Path file = dir.resolve("whole.tar");
    Files.write(file, TestImages.tar(outer));

    List<TarMembers.Member> members;
    try (SeekableByteChannel ch = Files.newByteChannel(file)) {
      members = TarMembers.list(ch);
    }

    assertThat(members)
        .extracting(TarMembers.Member::name)
        .containsExactly("n01440764.tar", "n01491361.tar");
    TarMembers.Member m = members.get(1);
    assertThat(m.size()).isEqualTo(shark.length);
    List<IngestOutcome> out = new ArrayList<>();
    new TarImagesSource(FISH, file.toString(), m.name(), m.offset(), m.size(), RGB, 1 << 20)
        .ingest(uri -> Files.newInputStream(Path.of(uri)), out::add);
    assertThat(images(out))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.width()).isEqualTo(4);
              assertThat(i.sourceUri()).isEqualTo(file + "!n01491361.tar");
              assertThat(i.entry()).isEqualTo("s.png");
            });
  }

  private static List<IngestedImage> images(List<IngestOutcome> out) {
    return out.stream()
        .filter(o -> o instanceof IngestOutcome.Accepted)
        .map(o -> ((IngestOutcome.Accepted) o).image())
        .toList();
  }

  private static List<String> rejects(List<IngestOutcome> out) {
    return out.stream()
        .filter(o -> o instanceof IngestOutcome.Rejected)
        .map(o -> ((IngestOutcome.Rejected) o).reject())
        .map(r -> r.entry() + ": " + r.reason())
        .toList();
  }
}
