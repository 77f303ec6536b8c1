package io.fcddspark.config;

import java.util.Set;

/** The checks config records run on their values; each names the key and the rule it broke. */
public final class Validators {
  private Validators() {}

  /** {@code value} if it is one of {@code allowed}. */
  public static String oneOf(String key, String value, Set<String> allowed) {
    if (!allowed.contains(value)) {
      throw new ConfigException(
          "Cannot set "
              + key
              + " to '"
              + value
              + "', it must be one of "
              + allowed.stream().sorted().toList());
    }
    return value;
  }

  /** {@code value} if it is at least {@code min}. */
  public static int atLeast(String key, int value, int min) {
    return Math.toIntExact(atLeast(key, (long) value, (long) min));
  }

  /** {@code value} if it is at least {@code min}. */
  public static long atLeast(String key, long value, long min) {
    if (value < min) {
      throw new ConfigException("Cannot set " + key + " to " + value + ", it must be >= " + min);
    }
    return value;
  }

  /** {@code value} if it is at least 1. */
  public static int positive(String key, int value) {
    return atLeast(key, value, 1);
  }

  /** {@code value} if it is at least 1. */
  public static long positive(String key, long value) {
    return atLeast(key, value, 1L);
  }

  /** {@code value} if it is at least 0. */
  public static int nonNegative(String key, int value) {
    return atLeast(key, value, 0);
  }

  /** {@code value} if it is at least 0 (NaN is not). */
  public static double nonNegative(String key, double value) {
    if (!(value >= 0)) {
      throw new ConfigException("Cannot set " + key + " to " + value + ", it must be >= 0");
    }
    return value;
  }

  /** {@code value} if it is above 0 (NaN is not). */
  public static double aboveZero(String key, double value) {
    if (!(value > 0)) {
      throw new ConfigException("Cannot set " + key + " to " + value + ", it must be > 0");
    }
    return value;
  }

  /** {@code value} if it is in [0, 1]. */
  public static double probability(String key, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new ConfigException("Cannot set " + key + " to " + value + ", it must be in [0, 1]");
    }
    return value;
  }

  /** {@code value} if it is in (0, 1]. */
  public static double fraction(String key, double value) {
    if (!(value > 0 && value <= 1)) {
      throw new ConfigException("Cannot set " + key + " to " + value + ", it must be in (0, 1]");
    }
    return value;
  }
}
