package io.fcddspark.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> COMMANDS =
      List.of("ingest", "train", "evaluate", "rank", "pipeline", "report", "sweep", "score");

  @Test
  void aTypoFindsTheNameItWasMeantToBe() {
    assertThat(Suggestions.closest("trian", COMMANDS)).contains("train");
    assertThat(Suggestions.closest("evalute", COMMANDS)).contains("evaluate");
    assertThat(Suggestions.closest("Sweep", COMMANDS)).contains("sweep");
    assertThat(Suggestions.closest("epoch", List.of("batchSize", "epochs", "seed")))
        .contains("epochs");
    assertThat(Suggestions.didYouMean("lr", List.of("learningRate", "momentum"))).isEmpty();
    assertThat(Suggestions.didYouMean("learningrate", List.of("learningRate", "momentum")))
        .isEqualTo(" (did you mean 'learningRate'?)");
  }

  @Test
  void nothingFarOffIsSuggested() {
    assertThat(Suggestions.closest("deploy", COMMANDS)).isEmpty();
    assertThat(Suggestions.closest("xyz", COMMANDS)).isEmpty();
    assertThat(Suggestions.closest("train", COMMANDS)).isEmpty();
  }

  @Test
  void transpositionsCountAsOneEdit() {
    assertThat(Suggestions.distance("trian", "train")).isEqualTo(1);
    assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
  }
}
