package io.fcddspark.studies;

import io.fcddspark.pipeline.SweepConfig;
import io.fcddspark.pipeline.SweepTable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The finding of a missed class that the authors' reference implementation's runs give ({@link
 * SweepConfig#referenceRuns}): where they land against the sweep's first variation, with the same
 * OE images and epochs, and so whether the miss is this implementation or the setting both share.
 * One of {@link TargetGaps}'s findings.
 */
record ReferenceRunFinding(
    SweepTable table, SweepConfig config, Targets targets, StudyRuns studies) {
  /**
   * A ROC-AUC below this ranks the nominal class as more anomalous than the anomalies: a run that
   * did not learn its class, not a measurement of where the class lands.
   */
  static final double CHANCE = 0.5;

  /**
   * Where the reference implementation's runs of class {@code c} (the same OE images and epochs)
   * land against this sweep's seeds: agreeing (within {@value TargetGaps#NOISE_STANDARD_ERRORS}
   * standard errors of the difference of the two seed means, or within {@link
   * SweepTable#SCHEDULE_TOLERANCE}) means the miss is the setting both share, not this
   * implementation; when that window is as wide as the miss itself, the runs cannot tell the two
   * apart and the finding says so. Runs below {@link #CHANCE} are counted, named and left out of
   * the mean (beside how many of this sweep's seeds fell below it). Null without runs; runs of
   * another number of epochs are named and left out.
   */
  TargetGaps.Finding of(SweepConfig.Dataset d, int c, SweepTable.Row row) {
    List<ReferenceRun> runs = studies.referenceRuns(d.name(), c);
    if (runs.isEmpty()) {
      return null;
    }
    String primary = config.variations().get(0).name();
    Set<Integer> ourEpochs =
        table.finished(d.name(), primary).stream()
            .filter(o -> o.cell().nominalClass() == c)
            .map(SweepTable.Outcome::epochs)
            .collect(Collectors.toCollection(TreeSet::new));
    List<ReferenceRun> same =
        ourEpochs.size() == 1
            ? runs.stream().filter(r -> ourEpochs.contains(r.epochs())).toList()
            : List.of();
    if (same.isEmpty()) {
      return text(
          String.format(
              Locale.ROOT,
              "the reference implementation's %d run%s of this class trained %s epochs, this sweep %s:"
                  + " not compared",
              runs.size(),
              runs.size() == 1 ? "" : "s",
              runs.stream().map(r -> String.valueOf(r.epochs())).distinct().toList(),
              ourEpochs));
    }
    Map<Boolean, List<ReferenceRun>> byLearned =
        same.stream().collect(Collectors.partitioningBy(r -> r.value() >= CHANCE));
    List<ReferenceRun> collapsed = byLearned.get(false);
    List<ReferenceRun> learned = byLearned.get(true);
    String collapsedNote =
        collapsed.isEmpty()
            ? ""
            : String.format(
                Locale.ROOT,
                "; %d of its %d runs (%s) fell below chance, runs that did not learn the class, left"
                    + " out of its mean (this sweep: %d of %d)",
                collapsed.size(),
                same.size(),
                String.join(
                    ", ",
                    collapsed.stream()
                        .map(r -> "seed " + r.seed() + ": " + SweepTable.number(r.value()))
                        .toList()),
                Arrays.stream(row.values()).filter(v -> v < CHANCE).count(),
                row.values().length);
    if (learned.isEmpty()) {
      return text(
          String.format(
              Locale.ROOT,
              "the authors' reference implementation (commit %s) fell below chance in all %d of its"
                  + " runs of this class: not compared",
              shortCommit(same.get(0).commit()),
              same.size()));
    }
    double[] theirs = learned.stream().mapToDouble(ReferenceRun::value).toArray();
    double mean = Arrays.stream(theirs).average().orElseThrow();
    double diff = mean - row.mean();
    double se =
        Math.sqrt(variance(theirs) / theirs.length + variance(row.values()) / row.values().length);
    double gap = row.mean() - row.published();
    double left = mean - row.published();
    String reading;
    String account = null;
    if (TargetGaps.NOISE_STANDARD_ERRORS * se >= Math.abs(gap)) {
      reading =
          String.format(
              Locale.ROOT,
              "its runs spread too widely (std %.3f) to tell whether it lands where this sweep does"
                  + " or where the paper does; more of its runs would",
              SweepTable.std(theirs));
    } else if (Math.abs(diff)
        <= Math.max(SweepTable.SCHEDULE_TOLERANCE, TargetGaps.NOISE_STANDARD_ERRORS * se)) {
      account =
          "the setting both implementations share (the reference lands where this sweep does)";
      reading =
          Math.abs(left) <= targets.perClass() + 1e-12
              ? "it lands where this sweep does and within the target, so the miss is"
                  + " within what the two implementations share"
              : "it lands where this sweep does, "
                  + SweepTable.signed(left)
                  + " from the paper: the miss is the setting both share (OE corpus, epochs),"
                  + " not this implementation";
    } else if (Math.signum(diff) == Math.signum(gap)) {
      account = "the setting both implementations share (the reference lands further still)";
      reading =
          "it lands further from the paper than this sweep ("
              + SweepTable.signed(left)
              + "): the miss is not this implementation";
    } else {
      account = "this implementation, " + SweepTable.signed(diff) + " of it (the reference)";
      reading =
          "it lands "
              + SweepTable.signed(diff)
              + " from this sweep toward the paper ("
              + SweepTable.signed(left)
              + " from it): this implementation accounts for that much of the miss";
    }
    return new TargetGaps.Finding(
        String.format(
                Locale.ROOT,
                "the authors' reference implementation (commit %s), trained on this sweep's OE images for"
                    + " the same %d epochs, gives %s over %d seed%s (%s; this sweep %s; standard"
                    + " error of the difference %.3f): %s",
                shortCommit(same.get(0).commit()),
                same.get(0).epochs(),
                SweepTable.number(mean),
                theirs.length,
                theirs.length == 1 ? "" : "s",
                String.join(", ", Arrays.stream(theirs).mapToObj(SweepTable::number).toList()),
                SweepTable.number(row.mean()),
                se,
                reading)
            + collapsedNote
            + (same.size() < runs.size()
                ? "; " + (runs.size() - same.size()) + " of its runs trained other epochs, left out"
                : ""),
        account);
  }

  private static TargetGaps.Finding text(String text) {
    return new TargetGaps.Finding(text, null);
  }

  /** The sample variance (n - 1); 0 for fewer than two values. */
  private static double variance(double[] v) {
    return v.length < 2 ? 0 : SweepTable.variance(v);
  }

  private static String shortCommit(String commit) {
    return commit.substring(0, Math.min(7, commit.length()));
  }
}
