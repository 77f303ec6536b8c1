package io.fcddspark.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FileExclusionsTest {
  private static final List<String> FILES =
      List.of(
          "animals/cat.png",
          "people/clothing/t-shirt_02.png",
          "people/clothing/hat.png",
          "people/man.png",
          "recreation/holiday/Hiking_Boot.png",
          "recreation/sports/tennis_shoes.png",
          "computer/icons/flat/apps/mail.png",
          "boot.png");

  @Test
  void aPatternWithASlashMatchesThePathAndOneWithoutTheNameAtAnyDepth() {
    FileExclusions.Split split =
        new FileExclusions(List.of("people/clothing/**", "*boot*", "computer/**")).split(FILES);

    assertThat(split.kept())
        .containsExactly("animals/cat.png", "people/man.png", "recreation/sports/tennis_shoes.png");
    assertThat(split.excludedBy())
        .containsEntry("people/clothing/**", 2)
        .containsEntry("*boot*", 2)
        .containsEntry("computer/**", 1);
    assertThat(split.excluded()).isEqualTo(5);
  }

  @Test
  void aFileCountsForTheFirstPatternThatMatchesIt() {
    FileExclusions.Split split =
        new FileExclusions(List.of("*shoe*", "recreation/**")).split(FILES);

    assertThat(split.excludedBy()).containsEntry("*shoe*", 1).containsEntry("recreation/**", 1);
  }

  @Test
  void aPatternThatMatchesNothingIsAnErrorNamingIt() {
    assertThatThrownBy(() -> new FileExclusions(List.of("*boot*", "peple/**")).split(FILES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Exclude pattern(s) [peple/**] match none of the 8 files");
  }

  @Test
  void badPatternsAreNamed() {
    assertThatThrownBy(() -> new FileExclusions(List.of("animals/[a-")))
        .hasMessageStartingWith("Exclude pattern 'animals/[a-' is not a glob");
    assertThatThrownBy(() -> new FileExclusions(List.of(" ")))
        .hasMessage("An exclude pattern is empty");
  }

  @Test
  void noPatternsKeepEverything() {
    assertThat(new FileExclusions(List.of()).split(FILES).kept()).isEqualTo(FILES);
  }
}
