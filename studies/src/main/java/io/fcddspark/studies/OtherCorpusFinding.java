package io.fcddspark.studies;

import io.fcddspark.pipeline.SweepConfig;
import io.fcddspark.pipeline.SweepTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The finding of a missed class that the OE-corpus study gives ({@link SweepConfig#oeStudy}): what
 * the same cells gave with another OE corpus against the sweep's first variation, and so whether
 * the corpus accounts for the miss. One of {@link TargetGaps}'s findings.
 */
record OtherCorpusFinding(
    SweepTable table, SweepConfig config, Targets targets, StudyRuns studies) {
  /**
   * What the OE-corpus study's runs of class {@code c} (the same cells with another OE corpus) gave
   * against this sweep's same seeds, and whether the corpus accounts for the miss; null without
   * such runs.
   */
  TargetGaps.Finding of(SweepConfig.Dataset d, int c, SweepTable.Row row) {
    String primary = config.variations().get(0).name();
    Map<String, CorpusPairs> byCorpus = new java.util.LinkedHashMap<>();
    for (OtherCorpusRun run : studies.otherCorpusRuns(d.name(), primary, c)) {
      table
          .finished(run.cell())
          .ifPresent(
              own -> byCorpus.computeIfAbsent(run.corpus(), k -> new CorpusPairs()).add(run, own));
    }
    if (byCorpus.isEmpty()) {
      return null;
    }
    double tolerance = targets.perClass();
    List<String> parts = new ArrayList<>();
    List<String> accounts = new ArrayList<>();
    for (Map.Entry<String, CorpusPairs> e : byCorpus.entrySet()) {
      CorpusPairs pairs = e.getValue();
      double theirs =
          pairs.theirs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double ours = pairs.ours.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double move = theirs - ours;
      double gap = ours - row.published();
      double left = theirs - row.published();
      String reading;
      if (Math.abs(move) <= SweepTable.SCHEDULE_TOLERANCE) {
        reading =
            "the corpus changes it by "
                + SweepTable.signed(move)
                + ", so it does not explain this miss";
      } else if (Math.signum(move) == Math.signum(gap)) {
        reading = "the corpus moves it " + SweepTable.signed(move) + ", further from the paper";
      } else {
        boolean within = Math.abs(left) <= tolerance + 1e-12;
        boolean past = Math.signum(left) != Math.signum(gap);
        accounts.add(
            "the OE corpus ("
                + e.getKey()
                + " moves it "
                + SweepTable.signed(move)
                + (within || past ? ", all of it)" : ", part of it)"));
        reading =
            "the corpus moves it "
                + SweepTable.signed(move)
                + " toward the paper, "
                + (within
                    ? "to within the target ("
                        + SweepTable.signed(left)
                        + "): the OE corpus explains this miss"
                    : past
                        ? "past it, to "
                            + SweepTable.signed(left)
                            + " from it: the OE corpus accounts for all of this miss and more"
                        : "to "
                            + SweepTable.signed(left)
                            + " from it: the OE corpus explains part of this miss");
      }
      parts.add(
          String.format(
                  Locale.ROOT,
                  "the OE study trained seed %s with the corpus %s instead, the same key but for the"
                      + " corpus: %s (this sweep, the same seed%s: %s): %s",
                  String.join(", ", pairs.seeds),
                  e.getKey(),
                  SweepTable.number(theirs),
                  pairs.seeds.size() == 1 ? "" : "s",
                  SweepTable.number(ours),
                  reading)
              + largestShifts(pairs.shifts));
    }
    return new TargetGaps.Finding(
        String.join("; ", parts), accounts.isEmpty() ? null : String.join(", ", accounts));
  }

  /**
   * The OE study's runs with one corpus, each paired with this sweep's same cell: their values,
   * seeds, and per anomalous class the sums {ours, theirs, count}.
   */
  private static final class CorpusPairs {
    final List<Double> theirs = new ArrayList<>();
    final List<Double> ours = new ArrayList<>();
    final List<String> seeds = new ArrayList<>();
    final Map<Integer, double[]> shifts = new java.util.TreeMap<>();

    void add(OtherCorpusRun run, SweepTable.Outcome own) {
      theirs.add(run.value());
      ours.add(own.value());
      seeds.add(String.valueOf(run.cell().seed()));
      for (Map.Entry<Integer, Double> e : run.anomalyClasses().entrySet()) {
        Double mine = own.anomalyClasses().get(e.getKey());
        if (mine != null) {
          double[] sums = shifts.computeIfAbsent(e.getKey(), k -> new double[3]);
          sums[0] += mine;
          sums[1] += e.getValue();
          sums[2]++;
        }
      }
    }
  }

  /**
   * The anomalous classes whose metric the other corpus changes most (at most {@value
   * TargetGaps#HARDEST_SHOWN}, only changes over 0.05), as "; against single anomalous classes it
   * changes most: class 1 0.870 → 0.400, ..."; empty when none does.
   */
  private static String largestShifts(Map<Integer, double[]> sums) {
    List<String> shown =
        sums.entrySet().stream()
            .filter(e -> Math.abs(e.getValue()[1] - e.getValue()[0]) / e.getValue()[2] > 0.05)
            .sorted(
                java.util.Comparator.comparingDouble(
                    e -> -Math.abs(e.getValue()[1] - e.getValue()[0]) / e.getValue()[2]))
            .limit(TargetGaps.HARDEST_SHOWN)
            .map(
                e ->
                    "class "
                        + e.getKey()
                        + " "
                        + SweepTable.number(e.getValue()[0] / e.getValue()[2])
                        + " → "
                        + SweepTable.number(e.getValue()[1] / e.getValue()[2]))
            .toList();
    return shown.isEmpty()
        ? ""
        : "; against single anomalous classes it changes most: " + String.join(", ", shown);
  }
}
