package io.fcddspark.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** The known name a mistyped one was most likely meant to be (a key, a subcommand). */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The candidate closest to {@code typed} by edit distance (letter case ignored), if it is close
   * enough to be a typo: at most 1 edit for names up to 4 letters, 2 up to 8, 3 beyond. Ties go to
   * the first candidate in iteration order.
   */
  public static Optional<String> closest(String typed, Collection<String> candidates) {
    String a = typed.toLowerCase(Locale.ROOT);
    int limit = a.length() <= 4 ? 1 : a.length() <= 8 ? 2 : 3;
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(a, candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return bestDistance <= limit && !best.equals(typed) ? Optional.of(best) : Optional.empty();
  }

  /** " (did you mean 'x'?)" for {@link #closest}, or "" when nothing is close. */
  public static String didYouMean(String typed, Collection<String> candidates) {
    return closest(typed, candidates).map(c -> " (did you mean '" + c + "'?)").orElse("");
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
