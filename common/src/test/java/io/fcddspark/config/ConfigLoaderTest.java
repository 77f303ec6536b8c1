package io.fcddspark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  record Job(String output, Integer size, List<Part> parts) {
    Job {
      ConfigLoader.required(output, "output");
      size = ConfigLoader.orDefault(size, 28);
      if (size < 1) {
        throw new ConfigException("Cannot set size to " + size + ", it must be >= 1");
      }
      parts = parts == null ? List.of() : List.copyOf(parts);
    }
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Part.Folder.class, name = "folder"),
    @JsonSubTypes.Type(value = Part.Tar.class, name = "tar")
  })
  sealed interface Part {
    record Folder(String path) implements Part {
      public Folder {
        ConfigLoader.required(path, "path");
      }
    }

    record Tar(String path, List<String> classes) implements Part {}
  }

  private static final String YAML =
      "output: /tmp/out\nparts:\n  - type: folder\n    path: /a\n  - type: tar\n    path: /b.tar\n";

  private static Job parse(String text, String... overrides) {
    return ConfigLoader.parse(text, "job.yaml", List.of(overrides), Job.class);
  }

  @Test
  void readsTypedRecordsWithDefaults() {
    Job job = parse(YAML);

    assertThat(job.size()).isEqualTo(28);
    assertThat(job.parts()).containsExactly(new Part.Folder("/a"), new Part.Tar("/b.tar", null));
  }

  @Test
  void overridesBeatTheFileAndReachIntoLists() {
    Job job = parse(YAML, "size=32", "parts[1].classes=[a, b]", "parts[0].path=/c");

    assertThat(job.size()).isEqualTo(32);
    assertThat(job.parts())
        .containsExactly(new Part.Folder("/c"), new Part.Tar("/b.tar", List.of("a", "b")));
  }

  @Test
  void everyErrorNamesTheFileTheKeyAndTheRule() {
    assertThatThrownBy(() -> parse(YAML + "sise: 3\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "job.yaml: unknown key 'sise' (did you mean 'size'?) (known keys there: output, parts,"
                + " size)");
    assertThatThrownBy(() -> parse(YAML.replace("path: /a", "paht: /a")))
        .hasMessage(
            "job.yaml: unknown key 'parts[0].paht' (did you mean 'path'?) (known keys there: path)");
    assertThatThrownBy(() -> parse(YAML.replace("type: tar", "type: zip")))
        .hasMessage("job.yaml: key 'parts[1].type' is 'zip', which is not one of [folder, tar]");
    assertThatThrownBy(() -> parse(YAML.replace("  - type: tar\n    path", "  - path")))
        .hasMessage("job.yaml: missing key 'parts[1].type' (one of [folder, tar])");
    assertThatThrownBy(() -> parse(YAML.replace("path: /a", "x: 1").replace("x: 1", "")))
        .hasMessage("job.yaml: parts[0]: missing key 'path'");
    assertThatThrownBy(() -> parse("parts: []\n")).hasMessage("job.yaml: missing key 'output'");
    assertThatThrownBy(() -> parse(YAML + "size: big\n"))
        .hasMessage("job.yaml: key 'size': expected a whole number, got 'big'");
    assertThatThrownBy(() -> parse(YAML, "size=abc"))
        .hasMessage("job.yaml with size=abc: key 'size': expected a whole number, got 'abc'");
    assertThatThrownBy(() -> parse(YAML + "size: [1, 2]\n"))
        .hasMessage("job.yaml: key 'size': expected a whole number, got a list");
    assertThatThrownBy(() -> parse(YAML.replace("output: /tmp/out", "output: [a]")))
        .hasMessage("job.yaml: key 'output': expected text, got a list");
    assertThatThrownBy(() -> parse("output: /o\nparts: 5\n"))
        .hasMessage("job.yaml: key 'parts': expected a list, got '5'");
    assertThatThrownBy(() -> parse(YAML, "size=0"))
        .hasMessage("job.yaml with size=0: Cannot set size to 0, it must be >= 1");
    assertThatThrownBy(() -> parse(YAML, "size"))
        .hasMessage("Override 'size' is not key=value (e.g. output=/tmp/out)");
    assertThatThrownBy(() -> parse(YAML, "parts[5].path=/x"))
        .hasMessage("Override 'parts[5].path=/x': there is no item [5] (the list has 2)");
    assertThatThrownBy(() -> parse(YAML, "parts..path=/x"))
        .hasMessage(
            "Override 'parts..path=/x': 'parts..path' is not a key path like a.b or a[0].b");
    assertThatThrownBy(() -> parse("output: [unclosed\n"))
        .hasMessageStartingWith("job.yaml: not valid YAML: ");
    assertThatThrownBy(
            () -> ConfigLoader.load(Path.of("/nonexistent/job.yaml"), List.of(), Job.class))
        .hasMessage("Config file /nonexistent/job.yaml does not exist");
  }
}
