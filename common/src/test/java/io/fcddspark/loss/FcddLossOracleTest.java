package io.fcddspark.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.fcddspark.Oracles;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Agreement with the reference's FCDD loss (oracles/fcdd_loss.json). */
class FcddLossOracleTest {
  /** Our float64 formula versus the oracle's float64 formula. */
  private static final double FLOAT64 = 1e-12;

  /**
   * The oracle's float64 formula computes sqrt(z^2+1)-1 naively; at |z| = 1e-3 that cancels to
   * about 1e-11 relative, where ours does not.
   */
  private static final double FLOAT64_TINY = 1e-9;

  /** Versus the reference's float32 torch result. */
  private static final double FLOAT32_RELATIVE = 1e-6;

  private static final JsonNode ORACLE = Oracles.load("fcdd_loss.json");

  static Stream<JsonNode> mixedCases() {
    return Stream.of(
            "mixed_0101",
            "mixed_1000",
            "anomalous_sample_all_zero_output",
            "large_outputs_x10",
            "tiny_outputs_x1e-3")
        .map(FcddLossOracleTest::caseNamed);
  }

  @ParameterizedTest(name = "{index}")
  @MethodSource("mixedCases")
  void perSampleLossesMatchTheReferenceFormula(JsonNode c) {
    double[][] z = outputs(c);
    JsonNode labels = c.get("labels");
    JsonNode expected = c.get("per_sample_loss_float64_formula");
    double tol = c.get("name").asText().startsWith("tiny") ? FLOAT64_TINY : FLOAT64;
    double mean = 0;
    for (int i = 0; i < z.length; i++) {
      double loss =
          FcddObjective.sampleLoss(FcddObjective.heatmapScore(z[i]), labels.get(i).asInt() == 1);
      assertThat(loss).isCloseTo(expected.get(i).asDouble(), within(tol * (1 + loss)));
      mean += loss / z.length;
    }
    assertThat(mean)
        .isCloseTo(
            c.get("train_mode_loss_mean_float64_formula").asDouble(), within(tol * (1 + mean)));
  }

  @ParameterizedTest(name = "{index}")
  @MethodSource("mixedCases")
  void dl4jLossInFloatMatchesTheFloat32Reference(JsonNode c) {
    boolean tiny = c.get("name").asText().startsWith("tiny");
    double[][] z = outputs(c, true);
    INDArray pre = Nd4j.create(z).castTo(DataType.FLOAT);
    INDArray y = labels(c);
    double loss = new FcddLossFunction().computeScore(y, pre, new ActivationIdentity(), null, true);
    // The tiny case: the reference's float32 sqrt(z^2+1)-1 cancels; we match its float64 formula.
    double expected =
        c.get(tiny ? "train_mode_loss_mean_float64_formula" : "train_mode_loss_mean_float32")
            .asDouble();
    assertThat(loss).isCloseTo(expected, within(FLOAT32_RELATIVE * expected));
    INDArray perSample =
        new FcddLossFunction().computeScoreArray(y, pre, new ActivationIdentity(), null);
    assertThat(perSample.shape()).containsExactly(z.length, 1);
  }

  @Test
  void anomalyScoresAreTheMeanPseudoHuberOverTheHeatmap() {
    double[][] z = outputs(caseNamed("mixed_0101"));
    JsonNode expected = ORACLE.get("meta").get("per_sample_score_mean_A_float64");
    for (int i = 0; i < z.length; i++) {
      assertThat(FcddObjective.heatmapScore(z[i]))
          .isCloseTo(expected.get(i).asDouble(), within(FLOAT64));
    }
  }

  @Test
  void allNominalBatchIsThePlainMeanOfA() {
    JsonNode c = caseNamed("all_normal");
    double[][] z = outputs(c);
    double mean = 0;
    for (double[] row : z) {
      mean += FcddObjective.sampleLoss(FcddObjective.heatmapScore(row), false) / z.length;
    }
    assertThat(mean)
        .isCloseTo(c.get("train_mode_loss_mean_float64_formula").asDouble(), within(FLOAT64));
  }

  @Test
  void allAnomalousBatchUsesTheAnomalousTermUnlikeTheReference() {
    // Documented deviation: the reference treats an all-anomalous batch as nominal.
    JsonNode c = caseNamed("all_anomalous");
    double[][] z = outputs(c);
    double ours =
        new FcddLossFunction()
            .computeScore(labels(c), Nd4j.create(z), new ActivationIdentity(), null, true);
    double anomalousTerm = 0;
    for (double[] row : z) {
      anomalousTerm += -Math.log(1 - Math.exp(-FcddObjective.heatmapScore(row))) / z.length;
    }
    assertThat(ours).isCloseTo(anomalousTerm, within(FLOAT64));
    assertThat(ours).isNotCloseTo(c.get("train_mode_loss_mean_float32").asDouble(), within(0.1));
  }

  @Test
  void badLabelsAreNamed() {
    INDArray pre = Nd4j.zeros(DataType.FLOAT, 2, 9);
    assertThatThrownBy(
            () ->
                new FcddLossFunction()
                    .computeScore(
                        Nd4j.create(new double[][] {{0}, {0.5}}),
                        pre,
                        new ActivationIdentity(),
                        null,
                        true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("FcddLoss: label [1, 0] is 0.5, labels must be 0 (nominal) or 1 (anomalous)");
    assertThatThrownBy(
            () ->
                new FcddLossFunction()
                    .computeScore(Nd4j.zeros(3, 1), pre, new ActivationIdentity(), null, true))
        .hasMessage("FcddLoss expects labels of shape [2, 1], got [3, 1]");
  }

  static JsonNode caseNamed(String name) {
    for (JsonNode c : ORACLE.get("cases")) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(name);
  }

  /** The oracle's z (4x1x3x3) flattened to [4][9] in float64, scaled as each case says. */
  static double[][] outputs(JsonNode c) {
    return outputs(c, false);
  }

  /** As {@link #outputs(JsonNode)}, rounded to float32 when the reference torch call saw that. */
  static double[][] outputs(JsonNode c, boolean float32) {
    String name = c.get("name").asText();
    double scale = name.equals("large_outputs_x10") ? 10 : name.startsWith("tiny") ? 1e-3 : 1;
    JsonNode z = ORACLE.get("meta").get("z");
    double[][] out = new double[z.size()][9];
    for (int n = 0; n < out.length; n++) {
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          double v = z.get(n).get(0).get(i).get(j).asDouble() * scale;
          out[n][i * 3 + j] = float32 ? (float) v : v;
        }
      }
      if (name.equals("anomalous_sample_all_zero_output") && n == 1) {
        java.util.Arrays.fill(out[n], 0.0);
      }
    }
    return out;
  }

  static INDArray labels(JsonNode c) {
    JsonNode l = c.get("labels");
    double[][] y = new double[l.size()][1];
    for (int i = 0; i < y.length; i++) {
      y[i][0] = l.get(i).asDouble();
    }
    return Nd4j.create(y);
  }
}
