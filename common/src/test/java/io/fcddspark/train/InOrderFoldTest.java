package io.fcddspark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InOrderFoldTest {
  @Test
  void foldsInIndexOrderWhateverTheArrivalOrder() {
    InOrderFold<String> fold = new InOrderFold<>(4, (a, b) -> "(" + a + "+" + b + ")");
    fold.accept(2, "c");
    fold.accept(0, "a");
    assertThat(fold.complete()).isFalse();
    fold.accept(3, "d");
    fold.accept(1, "b");

    assertThat(fold.complete()).isTrue();
    assertThat(fold.total()).contains("(((a+b)+c)+d)");
    assertThat(fold.folded()).isEqualTo(4);
    assertThat(fold.mostWaiting()).isEqualTo(2); // c and d waited for b
  }

  @Test
  void floatSumIsTheSameBitsForEveryArrivalOrder() {
    Random random = new Random(7);
    float[] values = new float[16];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(8)));
    }
    float sequential = 0;
    for (float v : values) {
      sequential += v;
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      order.add(i);
    }
    for (int trial = 0; trial < 50; trial++) {
      Collections.shuffle(order, random);
      InOrderFold<Float> fold = new InOrderFold<>(values.length, Float::sum);
      for (int i : order) {
        fold.accept(i, values[i]);
      }
      assertThat(Float.floatToRawIntBits(fold.total().orElseThrow()))
          .isEqualTo(Float.floatToRawIntBits(sequential));
    }
  }

  @Test
  void absentValuesArePassedOver() {
    InOrderFold<Integer> fold = new InOrderFold<>(3, Integer::sum);
    fold.accept(1, null);
    fold.accept(2, 5);
    fold.accept(0, 4);
    assertThat(fold.total()).contains(9);
    assertThat(fold.folded()).isEqualTo(2);

    InOrderFold<Integer> none = new InOrderFold<>(1, Integer::sum);
    none.accept(0, null);
    assertThat(none.total()).isEmpty();
  }

  @Test
  void refusesRepeatedOrOutOfRangeIndicesAndAnEarlyTotal() {
    InOrderFold<Integer> fold = new InOrderFold<>(2, Integer::sum);
    fold.accept(0, 1);
    assertThatThrownBy(() -> fold.accept(0, 1)).hasMessageContaining("index 0 was already given");
    assertThatThrownBy(() -> fold.accept(2, 1)).hasMessageContaining("index 2 outside 0..1");
    assertThatThrownBy(fold::total).hasMessageContaining("index 1 of 2 has not arrived");
  }
}
