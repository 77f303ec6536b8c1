package io.fcddspark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fcddspark.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CellRecordTest {
  private static final Path RECORDS = Path.of("../docs/results-cells");

  /** The sweeps' committed records (the reference implementation's runs are another format). */
  private static List<Path> committed() throws IOException {
    try (Stream<Path> files = Files.walk(RECORDS)) {
      return files
          .filter(f -> f.toString().endsWith(".json"))
          .filter(f -> !f.startsWith(RECORDS.resolve("reference")))
          .sorted()
          .toList();
    }
  }

  @Test
  void everyCommittedRecordReadsAndWritesBackToTheSameJson() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Path> files = committed();
    assertThat(files).hasSizeGreaterThan(100);
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      CellRecord r = CellRecord.read(bytes, f.toString());
      assertThat(json.readTree(r.toJson())).as(f.toString()).isEqualTo(json.readTree(bytes));
      assertThat(r.done()).as(f.toString()).isTrue();
      assertThat(r.cell().toString()).contains(r.dataset() + "/" + r.variation());
    }
  }

  @Test
  void aFinishedRecordGivesItsValueHistoryAndAnomalousClasses() throws IOException {
    Path f = RECORDS.resolve("fashion-mnist/fcdd-oe/class-00-seed-0.json");
    CellRecord r = CellRecord.read(Files.readAllBytes(f), f.toString());

    SweepTable.Outcome o = r.outcome();

    assertThat(o.done()).isTrue();
    assertThat(o.value()).isEqualTo(r.value());
    assertThat(o.history()).isEqualTo(r.history()).containsEntry(25, r.value());
    // The sample AUC against each of the nine other classes alone.
    assertThat(o.anomalyClasses()).hasSize(9).doesNotContainKey(0);
    assertThat(CellRecord.history(r.metric(), r.metrics())).isEqualTo(r.history());
  }

  @Test
  void aRecordThatIsNotOneIsNamed() {
    assertThatThrownBy(
            () -> CellRecord.read("{\"dataset\": 3".getBytes(StandardCharsets.UTF_8), "a.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Cannot read the cell record a.json: ");
    assertThatThrownBy(() -> CellRecord.read("{}".getBytes(StandardCharsets.UTF_8), "b.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot read the cell record b.json: it names no dataset, variation or status");
  }
}
