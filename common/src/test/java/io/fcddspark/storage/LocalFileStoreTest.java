package io.fcddspark.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileStoreTest {
  private final FileStore store = new LocalFileStore();

  @Test
  void writesReplaceWholeFilesAndLeaveNoTemporaries(@TempDir Path dir) throws IOException {
    String file = dir.resolve("a/b/c.json").toString();
    assertThat(store.read(file)).isEmpty();
    assertThat(store.exists(file)).isFalse();

    store.write(file, "one".getBytes(StandardCharsets.UTF_8));
    store.write(file, out -> out.write("two".getBytes(StandardCharsets.UTF_8)));

    assertThat(store.read(file)).hasValueSatisfying(b -> assertThat(b).asString().isEqualTo("two"));
    assertThat(store.exists(file)).isTrue();
    try (var files = Files.list(dir.resolve("a/b"))) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("c.json");
    }
  }

  @Test
  void aWriterThatFailsLeavesTheOldFile(@TempDir Path dir) {
    String file = dir.resolve("kept.txt").toString();
    store.write(file, "old".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(
            () ->
                store.write(
                    file,
                    out -> {
                      out.write("half".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("disk full");
                    }))
        .hasMessageContaining("Cannot write " + file)
        .hasMessageContaining("disk full");
    assertThat(store.read(file)).hasValueSatisfying(b -> assertThat(b).asString().isEqualTo("old"));
  }

  @Test
  void listsByNameAndSuffixAndRequiresWhatIsMissing(@TempDir Path dir) {
    for (String name : new String[] {"b.json", "a.json", "c.txt"}) {
      store.write(dir.resolve(name).toString(), new byte[0]);
    }
    assertThat(store.list(dir.toString(), ".json")).containsExactly("a.json", "b.json");
    assertThat(store.list(dir.resolve("none").toString(), ".json")).isEmpty();
    assertThatThrownBy(() -> store.require(dir.resolve("x.json").toString(), "The report"))
        .hasMessage("The report needs " + dir.resolve("x.json") + ", which is missing");
  }
}
