package io.fcddspark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An MVTec-AD folder unit's key is a value: the same files and masks give the same text in every
 * JVM, so a rerun finds its finished ingest (and a resumed one its staged units).
 */
class ImageFilesSourceKeyTest {
  private static ImageFilesSource unit(List<String> files, Map<String, String> masks) {
    return new ImageFilesSource(
        new ImageLabels("mvtec-ad", "test", "brick", 1, null, "scratch", null),
        files,
        masks,
        new ImageDecoder.Options(100_000_000, 3, 240),
        1 << 20);
  }

  @Test
  void theKeyListsMasksInFileOrderWhateverTheMapsOrder() {
    Map<String, String> forward = new LinkedHashMap<>();
    Map<String, String> backward = new LinkedHashMap<>();
    List<String> files = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      files.add(String.format("/d/test/scratch/%03d.png", i));
    }
    files.forEach(f -> forward.put(f, f.replace("test", "ground_truth")));
    for (int i = files.size() - 1; i >= 0; i--) {
      backward.put(files.get(i), files.get(i).replace("test", "ground_truth"));
    }
    String key = unit(files, forward).unitKey();
    assertThat(unit(files, backward).unitKey()).isEqualTo(key);
    // In file order: a salted hash order (Map.copyOf's, which differs between JVMs) would not be.
    int last = -1;
    for (String f : files) {
      int at = key.indexOf(f + "=/d/ground_truth");
      assertThat(at).as(f).isGreaterThan(last);
      last = at;
    }
  }
}
