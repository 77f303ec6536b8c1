package io.fcddspark.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SynsetNamesTest {
  private static final List<String> MAPPING =
      List.of(
          "n02389026 sorrel",
          "n03538406 horse cart, horse-cart",
          "n02085620 Chihuahua",
          "n02110958 pug, pug-dog",
          "n03782006 monitor",
          "n04404412 television, television system",
          "",
          "n02690373 airliner");

  @Test
  void aWordMatchesWholePiecesOfTheNamesAsTheReferenceSplitsThem() {
    assertThat(SynsetNames.matching(MAPPING, List.of("horse", "dog", "tv", "Monitor"), "m.txt"))
        .containsExactly("n03538406", "n03782006");
    assertThat(SynsetNames.matching(MAPPING, List.of("pug-dog"), "m.txt"))
        .containsExactly("n02110958");
  }

  @Test
  void aLineWithoutIdOrNamesIsAnErrorNamingTheFileAndLine() {
    assertThatThrownBy(() -> SynsetNames.matching(List.of("sorrel"), List.of("horse"), "m.txt"))
        .hasMessageStartingWith("m.txt line 1: expected a WordNet id and its names");
  }
}
