package io.fcddspark.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BatchBuildTimeTest {
  @Test
  void sumsThisThreadsBuildingUntilTakenThenStartsAgain() throws Exception {
    BatchBuildTime.takeMs();
    BatchBuildTime.add(1_500_000);
    BatchBuildTime.add(2_000_000);

    AtomicReference<Double> other = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              BatchBuildTime.add(9_000_000);
              other.set(BatchBuildTime.takeMs());
            });
    t.start();
    t.join();

    assertThat(other.get()).isEqualTo(9.0);
    assertThat(BatchBuildTime.takeMs()).isEqualTo(3.5);
    assertThat(BatchBuildTime.takeMs()).isZero();
  }
}
