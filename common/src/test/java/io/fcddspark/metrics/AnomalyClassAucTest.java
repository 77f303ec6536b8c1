package io.fcddspark.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class AnomalyClassAucTest {
  @Test
  void eachClassIsTheNominalImagesAgainstThatClassAlone() {
    double[] nominal = {0.1, 0.2, 0.2, 0.4};
    Map<Integer, double[]> anomalous = new HashMap<>();
    // Every anomaly of class 3 above every nominal score: AUC 1.
    anomalous.put(3, new double[] {0.5, 0.9});
    // Class 1: 0.2 ties two nominal scores and beats one (2·1 + 2 = 4 of 8); 0.0 beats none.
    anomalous.put(1, new double[] {0.2, 0.0});

    SortedMap<Integer, ExactAuc> auc = AnomalyClassAuc.of(nominal, anomalous);

    assertThat(auc.keySet()).containsExactly(1, 3);
    assertThat(auc.get(3).numerator()).isEqualTo(BigInteger.ONE);
    assertThat(auc.get(3).denominator()).isEqualTo(BigInteger.ONE);
    // 2U = 4 over 2·P·N = 16.
    assertThat(auc.get(1).numerator()).isEqualTo(BigInteger.ONE);
    assertThat(auc.get(1).denominator()).isEqualTo(BigInteger.valueOf(4));
  }

  @Test
  void thePerClassAucsPoolToTheAucOfAllAnomaliesTogether() {
    Random r = new Random(7);
    double[] nominal = new double[300];
    for (int i = 0; i < nominal.length; i++) {
      nominal[i] = Math.round(r.nextGaussian() * 20) / 20.0;
    }
    Map<Integer, double[]> anomalous = new LinkedHashMap<>();
    Map<Integer, Long> sizes = new HashMap<>();
    List<Double> all = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      double[] s = new double[50 + 37 * k];
      for (int i = 0; i < s.length; i++) {
        s[i] = Math.round((r.nextGaussian() + 0.3 * k) * 20) / 20.0;
        all.add(s[i]);
      }
      anomalous.put(k, s);
      sizes.put(k, (long) s.length);
    }
    double[] scores = new double[nominal.length + all.size()];
    boolean[] labels = new boolean[scores.length];
    System.arraycopy(nominal, 0, scores, 0, nominal.length);
    for (int i = 0; i < all.size(); i++) {
      scores[nominal.length + i] = all.get(i);
      labels[nominal.length + i] = true;
    }
    ExactAuc whole = ScoreLabelCounts.of(scores, labels).rocAuc();

    SortedMap<Integer, ExactAuc> byClass = AnomalyClassAuc.of(nominal, anomalous);

    assertThat(AnomalyClassAuc.pooled(byClass, sizes, nominal.length)).isEqualTo(whole);
    // The classes drawn further from the nominal scores are told apart better.
    assertThat(byClass.get(4).value()).isGreaterThan(byClass.get(0).value());
  }

  @Test
  void namesTheClassWhoseScoresAreMissingOrNotFinite() {
    assertThatThrownBy(() -> AnomalyClassAuc.of(new double[] {1}, Map.of(6, new double[0])))
        .hasMessageContaining("anomalous class 6")
        .hasMessageContaining("no scores");
    assertThatThrownBy(
            () -> AnomalyClassAuc.of(new double[] {1}, Map.of(2, new double[] {Double.NaN})))
        .hasMessageContaining("anomalous class 2")
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> AnomalyClassAuc.of(new double[0], Map.of(2, new double[] {1})))
        .hasMessageContaining("without nominal scores");
  }
}
