package io.fcddspark.studies;

import io.fcddspark.pipeline.AnomalyClassTable;
import io.fcddspark.pipeline.SweepConfig;
import io.fcddspark.pipeline.SweepTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How far a sweep's first variation lands from the published values against its {@link Targets},
 * and, for every class that misses, what the sweep itself measured about the miss: whether it is
 * larger than the seeds' spread, whether the AUC still moves at the end of the schedule, whether
 * the variation without an OE corpus does as well (then the OE corpus is not what the class lacks),
 * and which anomalous classes it confuses with the nominal one; with the studies' runs, what a
 * longer schedule, another OE corpus ({@link OtherCorpusFinding}) and the authors' reference
 * implementation ({@link ReferenceRunFinding}) give. Every statement is read off the sweep's cells
 * by a stated rule; nothing is typed in.
 */
public final class TargetGaps {
  /** A difference this many standard errors of the seed mean or fewer is within seed noise. */
  static final double NOISE_STANDARD_ERRORS = 2.0;

  /** How many of a missing class's hardest anomalous classes the findings name. */
  static final int HARDEST_SHOWN = 2;

  private final SweepTable table;
  private final SweepConfig config;
  private final Targets targets;
  private final StudyRuns studies;
  private final OtherCorpusFinding otherCorpus;
  private final ReferenceRunFinding reference;

  /**
   * The gaps of {@code config}'s results in {@code table} against {@code targets}, with what the
   * studies' runs ({@code studies}) measured about each.
   */
  public TargetGaps(SweepTable table, SweepConfig config, Targets targets, StudyRuns studies) {
    this.table = table;
    this.config = config;
    this.targets = targets;
    this.studies = studies;
    this.otherCorpus = new OtherCorpusFinding(table, config, targets, studies);
    this.reference = new ReferenceRunFinding(table, config, targets, studies);
  }

  /**
   * The findings of one class that misses its target.
   *
   * @param accounts what the findings say accounts for the miss, in a few words each (empty when
   *     none does yet)
   */
  public record Miss(
      int nominalClass, double difference, List<String> findings, List<String> accounts) {}

  /**
   * One finding about a miss: its text, and in a few words what it says accounts for the miss (null
   * when it accounts for none of it).
   */
  record Finding(String text, String account) {}

  /**
   * The classes of {@code d} with at least one finished seed whose difference exceeds the target.
   */
  public List<Miss> misses(SweepConfig.Dataset d) {
    Targets t = targets;
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
      List<String> accounts = new ArrayList<>();
      java.util.function.Consumer<Finding> add =
          f -> {
            if (f != null) {
              findings.add(f.text());
              if (f.account() != null) {
                accounts.add(f.account());
              }
            }
          };
      add.accept(noise(r));
      String trend = trend(history, c, diff);
      Finding longer = longerRuns(d, c, diff);
      if (trend != null && longer != null) {
        // The longer run measures what the trend can only suggest.
        trend = trend.replaceFirst("\\): (a longer schedule may|more epochs alone are).*$", ")");
      }
      if (trend != null) {
        findings.add(trend);
      }
      add.accept(longer);
      add.accept(otherCorpus.of(d, c, r));
      add.accept(reference.of(d, c, r));
      findings.addAll(otherVariations(d, c, r));
      String hardest = hardestAnomalies(d, c);
      if (hardest != null) {
        findings.add(hardest);
      }
      out.add(new Miss(c, diff, findings, accounts));
    }
    return out;
  }

  /** The Markdown section of {@code d}: the targets, whether they are met, each miss's findings. */
  public String markdown(SweepConfig.Dataset d) {
    Targets t = targets;
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
      s.append("\n| class | gap to the paper | what accounts for it (from the findings below) |\n");
      s.append("| --- | --- | --- |\n");
      for (Miss m : misses) {
        s.append(
            String.format(
                Locale.ROOT,
                "| %d | %s | %s |%n",
                m.nominalClass(),
                SweepTable.signed(m.difference()),
                m.accounts().isEmpty()
                    ? "nothing the sweep has measured yet"
                    : String.join("; ", m.accounts())));
      }
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

  private static Finding noise(SweepTable.Row r) {
    int n = r.values().length;
    if (n < 2) {
      return new Finding("one seed so far, so seed noise cannot be told apart", null);
    }
    double se = r.std() / Math.sqrt(n);
    double ratio = se == 0 ? Double.POSITIVE_INFINITY : Math.abs(r.difference()) / se;
    if (ratio <= NOISE_STANDARD_ERRORS) {
      return new Finding(
          String.format(
              Locale.ROOT,
              "within seed noise (%d seeds, std %.3f: %.1f standard errors)",
              n,
              r.std(),
              ratio),
          "seed noise");
    }
    return new Finding(
        String.format(
            Locale.ROOT,
            "not seed noise (%d seeds, std %.3f: %s standard errors)",
            n,
            r.std(),
            Double.isInfinite(ratio) ? "∞" : String.format(Locale.ROOT, "%.1f", ratio)),
        null);
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
  private Finding longerRuns(SweepConfig.Dataset d, int c, double diff) {
    String primary = config.variations().get(0).name();
    List<LongerRun> runs = studies.longerRuns(d.name(), primary, c);
    List<String> seeds = new ArrayList<>();
    List<String> ours = new ArrayList<>();
    double atOurs = 0;
    double atLast = 0;
    int epochs = -1;
    int last = -1;
    int used = 0;
    for (LongerRun run : runs) {
      SweepTable.Outcome own = table.finished(run.cell()).orElse(null);
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
    String account = null;
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
      account = "the schedule (" + last + " epochs)";
    } else {
      reading =
          String.format(
              Locale.ROOT,
              ": %d epochs move it %s of the gap's %s: the schedule explains part of this miss",
              last,
              SweepTable.signed(gain),
              SweepTable.signed(diff));
      account = "the schedule, " + SweepTable.signed(gain) + " of it (" + last + " epochs)";
    }
    return new Finding(measured + reading, account);
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
