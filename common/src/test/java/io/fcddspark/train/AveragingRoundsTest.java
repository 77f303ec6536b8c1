package io.fcddspark.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When parameter averaging leaves each worker too few steps an epoch, training says so. */
class AveragingRoundsTest {
  @Test
  void aSmallClassOnTwoWorkersIsOnePartialRoundAnEpoch() {
    // The MVTec-AD stand-in's 30 training images at batch 8.
    AveragingRounds rounds = new AveragingRounds(30, 8, 2, 5);
    assertThat(rounds.stepsPerWorker()).isEqualTo(2);
    assertThat(rounds.stepsOnOneWorker()).isEqualTo(4);
    assertThat(rounds.warning())
        .hasValueSatisfying(
            w ->
                assertThat(w)
                    .startsWith("30 images a pass over 2 workers at batch 8 give each worker 2")
                    .contains("averagingFrequency 5")
                    .contains("about 2 step(s) a pass where one worker would take 4")
                    .contains("distribution.workers=1"));
  }

  @Test
  void enoughStepsPerWorkerOrOneWorkerGiveNoWarning() {
    // A Fashion-MNIST class (6,000 images) at App. E's batch of 128 on two workers: 24 steps each.
    assertThat(new AveragingRounds(6000, 128, 2, 5).stepsPerWorker()).isEqualTo(24);
    assertThat(new AveragingRounds(6000, 128, 2, 5).warning()).isEmpty();
    assertThat(new AveragingRounds(30, 8, 1, 5).warning()).isEmpty();
    // Exactly averagingFrequency steps each: a whole round, no warning; one fewer warns.
    assertThat(new AveragingRounds(80, 8, 2, 5).warning()).isEmpty();
    assertThat(new AveragingRounds(64, 8, 2, 5).warning()).isPresent();
    assertThat(new AveragingRounds(3, 8, 4, 1).stepsPerWorker()).isEqualTo(1);
  }
}
