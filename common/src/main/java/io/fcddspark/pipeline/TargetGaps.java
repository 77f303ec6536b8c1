package io.fcddspark.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How far a sweep's first variation lands from the published values against its {@link
 * SweepConfig.Targets}, and, for every class that misses, what the sweep itself measured about the
 * miss: whether it is larger than the seeds' spread, whether the AUC still moves at the end of the
 * schedule, whether the variation without an OE corpus does as well (then the OE corpus is not what
 * the class lacks), and which anomalous classes it confuses with the nominal one. Every statement
 * is read off the sweep's cells by a stated rule; nothing is typed in.
 */
public final class TargetGaps {
  /** A difference this many standard errors of the seed mean or fewer is within seed noise. */
  static final double NOISE_STANDARD_ERRORS = 2.0;

  /**
   * A ROC-AUC below this ranks the nominal class as more anomalous than the anomalies: a run that
   * did not learn its class, not a measurement of where the class lands.
   */
  static final double CHANCE = 0.5;

  /** How many of a missing class's hardest anomalous classes the findings name. */
  static final int HARDEST_SHOWN = 2;

  private final SweepTable table;
  private final SweepConfig config;

  public TargetGaps(SweepTable table, SweepConfig config) {
    this.table = table;
    this.config = config;
  }

  /** The findings of one class that misses its target. */
  public record Miss(int nominalClass, double difference, List<String> findings) {}

  /**
   * The classes of {@code d} with at least one finished seed whose difference exceeds the target.
   */
  public List<Miss> misses(SweepConfig.Dataset d) {
    SweepConfig.Targets t = config.targets();
    String primary = config.variations().get(0).name();
    List<Miss> out = new ArrayList<>();
    SweepTable.History history = table.history(d, primary);
    for (int c : d.classes()) {
      SweepTable.Row r = table.row(d.name(), primary, c);
      if (r.values().length == 0 || Double.isNaN(r.published())) {
        continue;
      }
      double diff = r.difference();
      if (Math.abs(diff) <= t.perClass() + 1e-12) {
        continue;
      }
      List<String> findings = new ArrayList<>();
      findings.add(noise(r));
      String trend = trend(history, c, diff);
      String longer = longerRuns(d, c, diff);
      if (trend != null && longer != null) {
        // The longer run measures what the trend can only suggest.
        trend = trend.replaceFirst("\\): (a longer schedule may|more epochs alone are).*$", ")");
      }
      if (trend != null) {
        findings.add(trend);
      }
      if (longer != null) {
        findings.add(longer);
      }
      String corpus = otherCorpusRuns(d, c, r);
      if (corpus != null) {
        findings.add(corpus);
      }
      String reference = referenceRuns(d, c, r);
      if (reference != null) {
        findings.add(reference);
      }
      findings.addAll(otherVariations(d, c, r));
      String hardest = hardestAnomalies(d, c);
      if (hardest != null) {
        findings.add(hardest);
      }
      out.add(new Miss(c, diff, findings));
    }
    return out;
  }

  /** The Markdown section of {@code d}: the targets, whether they are met, each miss's findings. */
  public String markdown(SweepConfig.Dataset d) {
    SweepConfig.Targets t = config.targets();
    String primary = config.variations().get(0).name();
    List<Double> means = new ArrayList<>();
    List<Double> papers = new ArrayList<>();
    int withValues = 0;
    for (int c : d.classes()) {
      SweepTable.Row r = table.row(d.name(), primary, c);
      if (r.values().length > 0 && !Double.isNaN(r.published())) {
        withValues++;
      }
      means.add(r.mean());
      papers.add(r.published());
    }
    List<Miss> misses = misses(d);
    StringBuilder s = new StringBuilder();
    s.append("\n### ")
        .append(d.name())
        .append(" / ")
        .append(primary)
        .append(": against the targets\n\n");
    s.append(
        String.format(
            Locale.ROOT,
            "Targets: every class within ±%.2f of the paper, the mean within ±%.2f. ",
            t.perClass(),
            t.mean()));
    s.append(
        String.format(
            Locale.ROOT,
            "**%d of %d classes** with results are within their target",
            withValues - misses.size(),
            withValues));
    if (withValues < d.classes().size()) {
      s.append(" (").append(d.classes().size() - withValues).append(" classes have none yet)");
    }
    double meanDiff = SweepTable.average(means) - SweepTable.average(papers);
    if (withValues == d.classes().size()) {
      s.append(
          String.format(
              Locale.ROOT,
              "; the mean is %s from the paper's: **%s**.%n",
              SweepTable.signed(meanDiff),
              Math.abs(meanDiff) <= t.mean() + 1e-12 ? "within its target" : "outside its target"));
    } else {
      s.append("; the mean waits for every class.\n");
    }
    if (!misses.isEmpty()) {
      s.append(
          String.format(
              Locale.ROOT,
              "%nWhat the sweep measured about each miss (seed noise: a difference of at most %.0f"
                  + " standard errors of the seed mean; the end of the schedule: rising when the"
                  + " final evaluation beats every earlier one by more than %.2f):%n%n",
              NOISE_STANDARD_ERRORS,
              SweepTable.SCHEDULE_TOLERANCE));
      for (Miss m : misses) {
        s.append(
            String.format(
                Locale.ROOT,
                "- **class %d** (%s): ",
                m.nominalClass(),
                SweepTable.signed(m.difference())));
        s.append(String.join("; ", m.findings())).append(".\n");
      }
    }
    return s.toString();
  }

  private static String noise(SweepTable.Row r) {
    int n = r.values().length;
    if (n < 2) {
      return "one seed so far, so seed noise cannot be told apart";
    }
    double se = r.std() / Math.sqrt(n);
    double ratio = se == 0 ? Double.POSITIVE_INFINITY : Math.abs(r.difference()) / se;
    if (ratio <= NOISE_STANDARD_ERRORS) {
      return String.format(
          Locale.ROOT,
          "within seed noise (%d seeds, std %.3f: %.1f standard errors)",
          n,
          r.std(),
          ratio);
    }
    return String.format(
        Locale.ROOT,
        "not seed noise (%d seeds, std %.3f: %s standard errors)",
        n,
        r.std(),
        Double.isInfinite(ratio) ? "∞" : String.format(Locale.ROOT, "%.1f", ratio));
  }

  /**
   * Whether the class's seed-mean AUC still rises at the end of the schedule: the final evaluation
   * against the best earlier one (not against the one before it alone, so that a dip at one
   * snapshot does not read as a trend); null without a history.
   */
  private static String trend(SweepTable.History h, int c, double diff) {
    int k = h.classes().indexOf(c);
    if (k < 0 || h.epochs().size() < 2) {
      return null;
    }
    double[] v = h.byClass()[k];
    int last = v.length - 1;
    int best = 0;
    for (int e = 1; e < last; e++) {
      if (v[e] >= v[best]) {
        best = e;
      }
    }
    double rise = v[last] - v[best];
    String span =
        String.format(
            Locale.ROOT,
            "%s after %d epochs against the best earlier evaluation, %s after %d",
            SweepTable.number(v[last]),
            h.epochs().get(last),
            SweepTable.number(v[best]),
            h.epochs().get(best));
    if (rise <= SweepTable.SCHEDULE_TOLERANCE) {
      return "not rising at the end of the schedule ("
          + span
          + "): more epochs alone are unlikely to change it";
    }
    return "still rising at the end of the schedule ("
        + span
        + (diff < 0
            ? "): a longer schedule may narrow the gap"
            : "): a longer schedule may widen it");
  }

  /**
   * What the schedule study's runs of class {@code c} (the same cells trained longer) gave at this
   * sweep's last epoch and at their own last, and whether that accounts for the miss; null without
   * such runs.
   */
  private String longerRuns(SweepConfig.Dataset d, int c, double diff) {
    String primary = config.variations().get(0).name();
    List<LongerRun> runs = table.longerRuns(d.name(), primary, c);
    List<String> seeds = new ArrayList<>();
    List<String> ours = new ArrayList<>();
    double atOurs = 0;
    double atLast = 0;
    int epochs = -1;
    int last = -1;
    int used = 0;
    for (LongerRun run : runs) {
      SweepTable.Outcome own =
          table.finished(d.name(), primary).stream()
              .filter(o -> o.cell().equals(run.cell()))
              .findFirst()
              .orElse(null);
      if (own == null || !run.history().containsKey(own.epochs())) {
        continue;
      }
      epochs = own.epochs();
      last = run.lastEpoch();
      atOurs += run.history().get(epochs);
      atLast += run.history().get(last);
      seeds.add(String.valueOf(run.cell().seed()));
      ours.add(SweepTable.number(own.value()));
      used++;
    }
    if (used == 0) {
      return null;
    }
    atOurs /= used;
    atLast /= used;
    double gain = atLast - atOurs;
    String measured =
        String.format(
            Locale.ROOT,
            "the schedule study trained seed %s to %d epochs with the same key but for the"
                + " schedule: %s after %d epochs (this sweep: %s), %s after %d",
            String.join(", ", seeds),
            last,
            SweepTable.number(atOurs),
            epochs,
            String.join(", ", ours),
            SweepTable.number(atLast),
            last);
    String reading;
    if (Math.abs(gain) <= SweepTable.SCHEDULE_TOLERANCE) {
      reading =
          String.format(
              Locale.ROOT,
              ": %d epochs change it by %s, so the schedule does not explain this miss",
              last,
              SweepTable.signed(gain));
    } else if (Math.signum(gain) == Math.signum(diff)) {
      reading =
          String.format(
              Locale.ROOT,
              ": %d epochs move it a further %s from the paper",
              last,
              SweepTable.signed(gain));
    } else if (Math.abs(gain) >= Math.abs(diff)) {
      reading =
          String.format(
              Locale.ROOT,
              ": %d epochs move it %s, as far as the gap (%s): the schedule explains this miss",
              last,
              SweepTable.signed(gain),
              SweepTable.signed(diff));
    } else {
      reading =
          String.format(
              Locale.ROOT,
              ": %d epochs move it %s of the gap's %s: the schedule explains part of this miss",
              last,
              SweepTable.signed(gain),
              SweepTable.signed(diff));
    }
    return measured + reading;
  }

  /**
   * What the OE-corpus study's runs of class {@code c} (the same cells with another OE corpus) gave
   * against this sweep's same seeds, and whether the corpus accounts for the miss; null without
   * such runs.
   */
  private String otherCorpusRuns(SweepConfig.Dataset d, int c, SweepTable.Row row) {
    String primary = config.variations().get(0).name();
    Map<String, CorpusPairs> byCorpus = new java.util.LinkedHashMap<>();
    for (OtherCorpusRun run : table.otherCorpusRuns(d.name(), primary, c)) {
      table.finished(d.name(), primary).stream()
          .filter(o -> o.cell().equals(run.cell()))
          .findFirst()
          .ifPresent(
              own -> byCorpus.computeIfAbsent(run.corpus(), k -> new CorpusPairs()).add(run, own));
    }
    if (byCorpus.isEmpty()) {
      return null;
    }
    double tolerance = config.targets().perClass();
    List<String> parts = new ArrayList<>();
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
        reading =
            "the corpus moves it "
                + SweepTable.signed(move)
                + " toward the paper, "
                + (Math.abs(left) <= tolerance + 1e-12
                    ? "to within the target ("
                        + SweepTable.signed(left)
                        + "): the OE corpus explains this miss"
                    : Math.signum(left) != Math.signum(gap)
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
    return String.join("; ", parts);
  }

  /**
   * Where the reference implementation's runs of class {@code c} (the same OE images and epochs)
   * land against this sweep's seeds: agreeing (within {@value #NOISE_STANDARD_ERRORS} standard
   * errors of the difference of the two seed means, or within {@link
   * SweepTable#SCHEDULE_TOLERANCE}) means the miss is the setting both share, not this
   * implementation; when that window is as wide as the miss itself, the runs cannot tell the two
   * apart and the finding says so. Runs below {@link #CHANCE} are counted, named and left out of
   * the mean (beside how many of this sweep's seeds fell below it). Null without runs; runs of
   * another number of epochs are named and left out.
   */
  private String referenceRuns(SweepConfig.Dataset d, int c, SweepTable.Row row) {
    List<ReferenceRun> runs = table.referenceRuns(d.name(), c);
    if (runs.isEmpty()) {
      return null;
    }
    String primary = config.variations().get(0).name();
    java.util.Set<Integer> ourEpochs = new java.util.TreeSet<>();
    for (SweepTable.Outcome o : table.finished(d.name(), primary)) {
      if (o.cell().nominalClass() == c) {
        ourEpochs.add(o.epochs());
      }
    }
    List<ReferenceRun> same =
        runs.stream().filter(r -> ourEpochs.size() == 1 && ourEpochs.contains(r.epochs())).toList();
    if (same.isEmpty()) {
      return String.format(
          Locale.ROOT,
          "the reference implementation's %d run%s of this class trained %s epochs, this sweep %s:"
              + " not compared",
          runs.size(),
          runs.size() == 1 ? "" : "s",
          runs.stream().map(r -> String.valueOf(r.epochs())).distinct().toList(),
          ourEpochs);
    }
    List<ReferenceRun> collapsed = same.stream().filter(r -> r.value() < CHANCE).toList();
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
                java.util.Arrays.stream(row.values()).filter(v -> v < CHANCE).count(),
                row.values().length);
    List<ReferenceRun> learned = same.stream().filter(r -> r.value() >= CHANCE).toList();
    if (learned.isEmpty()) {
      return String.format(
          Locale.ROOT,
          "the authors' reference implementation (commit %s) fell below chance in all %d of its"
              + " runs of this class: not compared",
          shortCommit(same.get(0).commit()),
          same.size());
    }
    double[] theirs = learned.stream().mapToDouble(ReferenceRun::value).toArray();
    double mean = java.util.Arrays.stream(theirs).average().orElseThrow();
    double diff = mean - row.mean();
    double se =
        Math.sqrt(variance(theirs) / theirs.length + variance(row.values()) / row.values().length);
    double gap = row.mean() - row.published();
    double left = mean - row.published();
    String reading;
    if (NOISE_STANDARD_ERRORS * se >= Math.abs(gap)) {
      reading =
          String.format(
              Locale.ROOT,
              "its runs spread too widely (std %.3f) to tell whether it lands where this sweep does"
                  + " or where the paper does; more of its runs would",
              SweepTable.std(theirs));
    } else if (Math.abs(diff)
        <= Math.max(SweepTable.SCHEDULE_TOLERANCE, NOISE_STANDARD_ERRORS * se)) {
      reading =
          Math.abs(left) <= config.targets().perClass() + 1e-12
              ? "it lands where this sweep does and within the target, so the miss is"
                  + " within what the two implementations share"
              : "it lands where this sweep does, "
                  + SweepTable.signed(left)
                  + " from the paper: the miss is the setting both share (OE corpus, epochs),"
                  + " not this implementation";
    } else if (Math.signum(diff) == Math.signum(gap)) {
      reading =
          "it lands further from the paper than this sweep ("
              + SweepTable.signed(left)
              + "): the miss is not this implementation";
    } else {
      reading =
          "it lands "
              + SweepTable.signed(diff)
              + " from this sweep toward the paper ("
              + SweepTable.signed(left)
              + " from it): this implementation accounts for that much of the miss";
    }
    return String.format(
            Locale.ROOT,
            "the authors' reference implementation (commit %s), trained on this sweep's OE images for"
                + " the same %d epochs, gives %s over %d seed%s (%s; this sweep %s; standard"
                + " error of the difference %.3f): %s",
            shortCommit(same.get(0).commit()),
            same.get(0).epochs(),
            SweepTable.number(mean),
            theirs.length,
            theirs.length == 1 ? "" : "s",
            String.join(
                ", ", java.util.Arrays.stream(theirs).mapToObj(SweepTable::number).toList()),
            SweepTable.number(row.mean()),
            se,
            reading)
        + collapsedNote
        + (same.size() < runs.size()
            ? "; " + (runs.size() - same.size()) + " of its runs trained other epochs, left out"
            : "");
  }

  /** The sample variance (n - 1); 0 for fewer than two values. */
  private static double variance(double[] v) {
    return v.length < 2 ? 0 : SweepTable.variance(v);
  }

  private static String shortCommit(String commit) {
    return commit.substring(0, Math.min(7, commit.length()));
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
   * #HARDEST_SHOWN}, only changes over 0.05), as "; against single anomalous classes it changes
   * most: class 1 0.870 → 0.400, ..."; empty when none does.
   */
  private static String largestShifts(Map<Integer, double[]> sums) {
    List<String> shown =
        sums.entrySet().stream()
            .filter(e -> Math.abs(e.getValue()[1] - e.getValue()[0]) / e.getValue()[2] > 0.05)
            .sorted(
                java.util.Comparator.comparingDouble(
                    e -> -Math.abs(e.getValue()[1] - e.getValue()[0]) / e.getValue()[2]))
            .limit(HARDEST_SHOWN)
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

  /**
   * The anomalous classes the first variation tells apart worst from class {@code c}, with every
   * other variation's value against them; null without a breakdown.
   */
  private String hardestAnomalies(SweepConfig.Dataset d, int c) {
    AnomalyClassTable byClass = new AnomalyClassTable(table);
    String primary = config.variations().get(0).name();
    List<Integer> hardest = byClass.hardest(d.name(), primary, c, HARDEST_SHOWN);
    if (hardest.isEmpty()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (int k : hardest) {
      List<String> others = new ArrayList<>();
      for (SweepConfig.Variation v : config.variations().subList(1, config.variations().size())) {
        Double value = byClass.means(d.name(), v.name(), c).get(k);
        if (value != null) {
          others.add(v.name() + " " + SweepTable.number(value));
        }
      }
      parts.add(
          "class "
              + k
              + " "
              + SweepTable.number(byClass.means(d.name(), primary, c).get(k))
              + (others.isEmpty() ? "" : " (" + String.join(", ", others) + ")"));
    }
    return "its hardest anomalous classes, each alone against it: " + String.join(", ", parts);
  }

  private List<String> otherVariations(SweepConfig.Dataset d, int c, SweepTable.Row primary) {
    List<String> out = new ArrayList<>();
    for (SweepConfig.Variation v : config.variations().subList(1, config.variations().size())) {
      SweepTable.Row r = table.row(d.name(), v.name(), c);
      if (r.values().length == 0) {
        continue;
      }
      double over = primary.mean() - r.mean();
      String line =
          String.format(
              Locale.ROOT,
              "%s gives %.3f (%s from the paper)",
              v.name(),
              r.mean(),
              SweepTable.signed(r.difference()));
      boolean primaryUsesOe = config.variations().get(0).outlierExposure();
      if (primaryUsesOe == v.outlierExposure()) {
        // The same data: the difference is what the variation's own overrides do to this class.
        line +=
            String.format(
                Locale.ROOT,
                ", %s against %s",
                SweepTable.signed(-over),
                config.variations().get(0).name());
      } else if (primaryUsesOe) {
        if (over > SweepTable.SCHEDULE_TOLERANCE) {
          line += ": the OE corpus adds " + SweepTable.signed(over) + " to this class";
        } else if (primary.difference() < 0) {
          line +=
              String.format(
                  Locale.ROOT,
                  ": the OE corpus adds nothing to this class (%s), so this corpus is a poor"
                      + " stand-in for its anomalies",
                  SweepTable.signed(over));
        } else {
          line += ": the OE corpus adds nothing to this class (" + SweepTable.signed(over) + ")";
        }
      }
      out.add(line);
    }
    return out;
  }
}
