package io.fcddspark.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlChartsTest {
  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void theRocChartHasBothAxisLabelsAndTicks() {
    String svg = Html.rocChart(new double[] {0, 0.2, 1}, new double[] {0, 0.8, 1}, "class 0");
    assertThat(count(svg, "class=\"axis-label\"")).isEqualTo(2);
    assertThat(svg).contains(">false-positive rate<", ">true-positive rate<");
    assertThat(count(svg, "class=\"tick\"")).isEqualTo(6);
    assertThat(svg).contains(">0<", ">0.50<", ">1<");
  }

  @Test
  void anAucAxisStaysWithinZeroAndOne() {
    Html.Series s =
        new Html.Series("class 0", new double[] {1, 2, 3}, new double[] {0.3, 0.7, 1.0});
    String svg = Html.lineChart(List.of(s), "AUC by epoch", "epoch", "sample_auc", 0, 1);
    Matcher m = Pattern.compile("class=\"tick\"[^>]*>([0-9]\\.[0-9]{3})<").matcher(svg);
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    while (m.find()) {
      double v = Double.parseDouble(m.group(1));
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    assertThat(max).isEqualTo(1.0);
    assertThat(min).isGreaterThanOrEqualTo(0.0);
    assertThat(count(svg, "class=\"axis-label\"")).isEqualTo(2);
    String unbounded = Html.lineChart(List.of(s), "AUC by epoch", "epoch", "sample_auc");
    assertThat(unbounded).contains(">1.056<"); // the margin, when nothing bounds it
  }
}
