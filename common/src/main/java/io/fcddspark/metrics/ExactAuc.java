package io.fcddspark.metrics;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * An ROC-AUC as an exact reduced fraction {@code numerator / denominator}, with its value rounded
 * to the nearest double.
 *
 * @param numerator reduced numerator (twice the Mann-Whitney U, divided by the gcd)
 * @param denominator reduced denominator (2 P N divided by the gcd)
 * @param value the fraction as a double
 */
public record ExactAuc(BigInteger numerator, BigInteger denominator, double value) {

  /** The reduced fraction {@code num / den}. */
  public static ExactAuc of(BigInteger num, BigInteger den) {
    BigInteger g = num.gcd(den);
    if (g.signum() == 0) {
      g = BigInteger.ONE;
    }
    BigInteger n = num.divide(g);
    BigInteger d = den.divide(g);
    double v = new BigDecimal(n).divide(new BigDecimal(d), MathContext.DECIMAL128).doubleValue();
    return new ExactAuc(n, d, v);
  }
}
