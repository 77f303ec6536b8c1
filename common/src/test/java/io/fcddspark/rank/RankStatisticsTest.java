package io.fcddspark.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every statistic against scipy 1.10 (rank/scipy-fixtures.json, made by the script beside it):
 * average ranks, Friedman and Iman–Davenport, Nemenyi critical differences and pairwise p-values,
 * Wilcoxon signed-rank p-values under each zero method and their Holm adjustment, on the paper's
 * Table 2 and Table 7, a tied 8×4 case and a 60-dataset case (normal approximation).
 */
class RankStatisticsTest {
  private static final JsonNode FIXTURES = load();

  private static JsonNode load() {
    try (InputStream in =
        RankStatisticsTest.class.getResourceAsStream("/rank/scipy-fixtures.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<String> cases() {
    List<String> names = new ArrayList<>();
    FIXTURES.path("cases").forEach(c -> names.add(c.path("name").asText()));
    return names.stream();
  }

  private static JsonNode caseNamed(String name) {
    for (JsonNode c : FIXTURES.path("cases")) {
      if (c.path("name").asText().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(name);
  }

  private static ResultsTable table(JsonNode c) {
    List<String> methods = new ArrayList<>();
    c.path("methods").forEach(m -> methods.add(m.asText()));
    List<ResultsTable.Cell> cells = new ArrayList<>();
    int d = 0;
    for (JsonNode row : c.path("scores")) {
      for (int m = 0; m < methods.size(); m++) {
        cells.add(new ResultsTable.Cell(methods.get(m), "d" + d, row.get(m).asDouble()));
      }
      d++;
    }
    return ResultsTable.of(cells);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void ranksFriedmanAndNemenyiEqualScipys(String name) {
    JsonNode c = caseNamed(name);
    ResultsTable t = table(c);
    AverageRanks ranks = AverageRanks.of(t, true);
    for (int m = 0; m < t.methods().size(); m++) {
      assertThat(ranks.average()[m])
          .isCloseTo(c.path("averageRanks").get(m).asDouble(), within(1e-12));
    }
    FriedmanTest f = FriedmanTest.of(ranks);
    JsonNode ef = c.path("friedman");
    assertThat(f.chiSquared()).isCloseTo(ef.path("chi2").asDouble(), within(1e-9));
    assertThat(f.pValue()).isCloseTo(ef.path("p").asDouble(), within(1e-12));
    assertThat(f.imanDavenport()).isCloseTo(ef.path("imanDavenport").asDouble(), within(1e-9));
    assertThat(f.pValueImanDavenport())
        .isCloseTo(ef.path("pImanDavenport").asDouble(), within(1e-12));

    NemenyiTest n = NemenyiTest.of(ranks);
    assertThat(n.criticalDifference05())
        .isCloseTo(c.path("nemenyi").path("cd").path("0.05").asDouble(), within(1e-7));
    assertThat(n.criticalDifference10())
        .isCloseTo(c.path("nemenyi").path("cd").path("0.1").asDouble(), within(1e-7));
    for (int i = 0; i < t.methods().size(); i++) {
      for (int j = 0; j < t.methods().size(); j++) {
        assertThat(n.pValues()[i][j])
            .as("Nemenyi p of %d, %d", i, j)
            .isCloseTo(c.path("nemenyi").path("p").get(i).get(j).asDouble(), within(1e-8));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void wilcoxonUnderEachZeroMethodAndHolmEqualScipys(String name) {
    JsonNode c = caseNamed(name);
    ResultsTable t = table(c);
    for (WilcoxonSignedRank.ZeroMethod zm : WilcoxonSignedRank.ZeroMethod.values()) {
      JsonNode e = c.path("wilcoxon").path(zm.name().toLowerCase(Locale.ROOT));
      double[] p = new double[e.path("pairs").size()];
      for (int k = 0; k < p.length; k++) {
        JsonNode pair = e.path("pairs").get(k);
        WilcoxonSignedRank w =
            WilcoxonSignedRank.test(
                t.column(pair.get(0).asInt()), t.column(pair.get(1).asInt()), zm);
        p[k] = w.pValue();
        String mode = e.path("mode").get(k).asText();
        assertThat(p[k])
            .as("%s %s pair %s (%s)", name, zm, pair, mode)
            .isCloseTo(e.path("p").get(k).asDouble(), within(1e-12));
        assertThat(w.exact()).isEqualTo(mode.equals("exact"));
      }
      double[] holm = HolmCorrection.adjust(p);
      for (int k = 0; k < p.length; k++) {
        assertThat(holm[k]).isCloseTo(e.path("holm").get(k).asDouble(), within(1e-12));
      }
    }
  }

  @Test
  void studentizedRangeQuantilesEqualScipysForAnyNumberOfMethods() {
    FIXTURES
        .path("studentizedRangeQuantiles")
        .fields()
        .forEachRemaining(
            k ->
                k.getValue()
                    .fields()
                    .forEachRemaining(
                        a ->
                            assertThat(
                                    StudentizedRange.quantile(
                                        1 - Double.parseDouble(a.getKey()),
                                        Integer.parseInt(k.getKey())))
                                .as("q(%s, %s)", k.getKey(), a.getKey())
                                .isCloseTo(a.getValue().asDouble(), within(1e-7))));
    // Demšar's Table 5(a), q_0.05 / sqrt(2): 1.960 for k = 2, 3.164 for k = 10.
    assertThat(StudentizedRange.quantile(0.95, 2) / Math.sqrt(2)).isCloseTo(1.960, within(5e-4));
    assertThat(StudentizedRange.quantile(0.95, 10) / Math.sqrt(2)).isCloseTo(3.164, within(5e-4));
  }
}
