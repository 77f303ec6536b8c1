package io.fcddspark.rank;

import java.util.ArrayList;
import java.util.List;

/**
 * The bars of a critical-difference diagram: with the methods in average-rank order, the maximal
 * runs of consecutive methods (two or more) of which no pair differs significantly. Runs follow the
 * rank axis by construction (hfawaz's cd-diagram draws maximal cliques of the whole
 * non-significance graph, which can skip methods in between and gave bars that do not follow the
 * ranks).
 */
public final class Cliques {
  private Cliques() {}

  /**
   * The runs, as {from, to} positions in {@code order} (inclusive), from the best ranks down.
   *
   * @param order method indices sorted by average rank, best first
   * @param differ {@code differ[i][j]}: methods i and j differ significantly
   */
  public static List<int[]> of(int[] order, boolean[][] differ) {
    List<int[]> runs = new ArrayList<>();
    int lastEnd = -1;
    for (int from = 0; from < order.length; from++) {
      int to = from;
      while (to + 1 < order.length && fits(order, differ, from, to + 1)) {
        to++;
      }
      if (to > from && to > lastEnd) {
        runs.add(new int[] {from, to});
        lastEnd = to;
      }
    }
    return runs;
  }

  private static boolean fits(int[] order, boolean[][] differ, int from, int next) {
    for (int i = from; i < next; i++) {
      if (differ[order[i]][order[next]]) {
        return false;
      }
    }
    return true;
  }
}
