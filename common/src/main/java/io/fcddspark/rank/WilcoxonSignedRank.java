package io.fcddspark.rank;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The two-sided Wilcoxon signed-rank test of paired scores, as {@code scipy.stats.wilcoxon(x, y,
 * zero_method, correction=False, alternative="two-sided")} (scipy 1.10) computes it:
 *
 * <ul>
 *   <li>zero differences: {@link ZeroMethod#WILCOX} drops them before ranking; {@link
 *       ZeroMethod#PRATT} ranks them and drops their ranks (Pratt 1959; the normal approximation
 *       adjusted as Cureton 1967); {@link ZeroMethod#ZSPLIT} ranks them and splits their rank sum
 *       between the two signs;
 *   <li>the exact distribution of the positive rank sum when there are at most 50 differences, no
 *       zeros and no ties among their absolute values (two-sided p = twice the smaller tail, 1 at
 *       the centre); otherwise the normal approximation with the tie correction {@code -Σ(t³-t)/48}
 *       of the variance and no continuity correction. (scipy 1.10's automatic mode uses the exact
 *       distribution on tied data too, truncating the rank sum; we do not.)
 * </ul>
 *
 * <p>All differences zero under WILCOX or PRATT (scipy raises an error): no evidence of a
 * difference, statistic 0 and p-value 1.
 *
 * @param statistic min(R+, R-)
 * @param pValue the two-sided p-value
 * @param exact whether the exact distribution was used
 */
public record WilcoxonSignedRank(double statistic, double pValue, boolean exact) {
  private static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);
  private static final int EXACT_UP_TO = 50;

  /** How zero differences are treated (scipy's {@code zero_method}). */
  public enum ZeroMethod {
    @JsonProperty("wilcox")
    WILCOX,
    @JsonProperty("pratt")
    PRATT,
    @JsonProperty("zsplit")
    ZSPLIT
  }

  /** The test of x against y (paired, same length). */
  public static WilcoxonSignedRank test(double[] x, double[] y, ZeroMethod zeroMethod) {
    if (x.length != y.length || x.length == 0) {
      throw new IllegalArgumentException(
          String.format(
              "The signed-rank test needs paired samples of one non-zero length, got %d and %d",
              x.length, y.length));
    }
    double[] d = new double[x.length];
    int zeros = 0;
    for (int i = 0; i < d.length; i++) {
      d[i] = x[i] - y[i];
      zeros += d[i] == 0 ? 1 : 0;
    }
    if (zeros == d.length && zeroMethod != ZeroMethod.ZSPLIT) {
      return new WilcoxonSignedRank(0, 1, false);
    }
    if (zeroMethod == ZeroMethod.WILCOX && zeros > 0) {
      d = Arrays.stream(d).filter(v -> v != 0).toArray();
    }
    int count = d.length;
    double[] abs = Arrays.stream(d).map(Math::abs).toArray();
    double[] r = AverageRanks.fractional(abs);
    double plus = 0;
    double minus = 0;
    double zeroRanks = 0;
    for (int i = 0; i < count; i++) {
      if (d[i] > 0) {
        plus += r[i];
      } else if (d[i] < 0) {
        minus += r[i];
      } else {
        zeroRanks += r[i];
      }
    }
    if (zeroMethod == ZeroMethod.ZSPLIT) {
      plus += zeroRanks / 2;
      minus += zeroRanks / 2;
    }
    double t = Math.min(plus, minus);
    int nonZero = count - (zeroMethod == ZeroMethod.WILCOX ? 0 : zeros);
    boolean ties = hasTies(abs);
    if (count <= EXACT_UP_TO && zeros == 0 && !ties) {
      return new WilcoxonSignedRank(t, exactTwoSided(count, (int) Math.round(plus)), true);
    }
    double mean = count * (count + 1.0) / 4;
    double variance = count * (count + 1.0) * (2.0 * count + 1);
    double[] tieRanks = r;
    if (zeroMethod == ZeroMethod.PRATT) {
      mean -= zeros * (zeros + 1.0) / 4;
      variance -= zeros * (zeros + 1.0) * (2.0 * zeros + 1);
      double[] kept = new double[nonZero];
      int j = 0;
      for (int i = 0; i < count; i++) {
        if (d[i] != 0) {
          kept[j++] = r[i];
        }
      }
      tieRanks = kept;
    }
    variance -= 0.5 * tieSum(tieRanks);
    double se = Math.sqrt(variance / 24);
    double z = (t - mean) / se;
    return new WilcoxonSignedRank(
        t, Math.min(1, 2 * NORMAL.survivalProbability(Math.abs(z))), false);
  }

  /** Σ t(t² - 1) over groups of equal values. */
  private static double tieSum(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    double sum = 0;
    int i = 0;
    while (i < s.length) {
      int j = i;
      while (j + 1 < s.length && s[j + 1] == s[i]) {
        j++;
      }
      double t = j - i + 1;
      if (t > 1) {
        sum += t * (t * t - 1);
      }
      i = j + 1;
    }
    return sum;
  }

  private static boolean hasTies(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    for (int i = 1; i < s.length; i++) {
      if (s[i] == s[i - 1]) {
        return true;
      }
    }
    return false;
  }

  /** Two-sided exact p of a positive rank sum {@code plus} among n untied non-zero ranks. */
  private static double exactTwoSided(int n, int plus) {
    int max = n * (n + 1) / 2;
    long[] counts = new long[max + 1];
    counts[0] = 1;
    for (int rank = 1; rank <= n; rank++) {
      for (int s = max; s >= rank; s--) {
        counts[s] += counts[s - rank];
      }
    }
    if (plus * 2 == max) {
      return 1;
    }
    double total = Math.pow(2, n);
    double less = 0;
    double greater = 0;
    for (int s = 0; s <= max; s++) {
      if (s <= plus) {
        less += counts[s];
      }
      if (s >= plus) {
        greater += counts[s];
      }
    }
    return Math.min(1, 2 * Math.min(less, greater) / total);
  }
}
