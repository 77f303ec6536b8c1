package io.fcddspark.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fcddspark.metrics.ExactAuc;
import io.fcddspark.metrics.RocSweep;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.spark.evaluate.DistributedRoc;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Pixel ROC-AUC at scale: generated pixels with heavy ties (scores on a 1/1000 grid, about 1,250
 * distinct, 1 in 7 anomalous), as pooled heatmap pixels are. {@code bench/pixel-auc.sh} runs each
 * side in a process of its own, interleaved, several rounds, with nothing else on the machine; this
 * class is the JVM sides and the report.
 *
 * <p>Modes, each printing one {@code RESULT} JSON line:
 *
 * <ul>
 *   <li>{@code ours N}: ours ({@link DistributedRoc#auc}) on {@code N} pixels cached in memory in
 *       local[*];
 *   <li>{@code mllib N}: Spark MLlib's {@code BinaryClassificationMetrics(numBins = 0)
 *       .areaUnderROC()} on the same cached pixels;
 *   <li>{@code big B}: ours on {@code B} pixels generated on the fly in local[2] within the JVM's
 *       heap.
 * </ul>
 *
 * <p>scikit-learn's side is bench/pixel_auc_sklearn.py. {@code report OUT RESULTS COMMAND N B}
 * checks every run's AUC against the exact value (counted in one plain Java loop) and writes the
 * section with the median and min–max of each side and the ratios of the medians.
 */
public final class PixelAucBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Timed repeats in one process, after {@link #WARMUPS} unmeasured runs; the process reports their
   * median. A sub-second side needs several warm-ups before the JIT settles: with one warm-up and
   * three timings, a rerun of the page's command moved our median by 19 %.
   */
  private static final int REPEATS = 7;

  /** Unmeasured runs before the timed ones. */
  private static final int WARMUPS = 3;

  private PixelAucBenchmark() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "ours" -> ours(Long.parseLong(args[1]));
      case "mllib" -> mllib(Long.parseLong(args[1]));
      case "big" -> big(Long.parseLong(args[1]));
      case "report" ->
          report(
              Path.of(args[1]),
              Path.of(args[2]),
              args[3],
              Long.parseLong(args[4]),
              Long.parseLong(args[5]));
      default -> throw new IllegalArgumentException("Unknown mode " + args[0]);
    }
  }

  private static void ours(long n) throws IOException {
    SparkSession spark = SparkSessions.local("local[*]", "pixel-auc-ours");
    try {
      Dataset<Row> pixels = pixels(spark, n).persist(StorageLevel.MEMORY_ONLY());
      pixels.count();
      ExactAuc[] auc = new ExactAuc[1];
      double seconds = median(() -> auc[0] = DistributedRoc.auc(pixels));
      DistributedRoc.Result withAp = DistributedRoc.of(pixels);
      if (!withAp.auc().equals(auc[0])) {
        throw new IllegalStateException(
            "auc() and of() disagree: " + auc[0] + " vs " + withAp.auc());
      }
      result(seconds, auc[0]);
    } finally {
      spark.stop();
    }
  }

  private static void mllib(long n) throws IOException {
    SparkSession spark = SparkSessions.local("local[*]", "pixel-auc-mllib");
    try {
      JavaRDD<Tuple2<Object, Object>> pairs =
          pixels(spark, n)
              .javaRDD()
              .map(row -> new Tuple2<Object, Object>(row.getDouble(0), (double) row.getLong(1)))
              .persist(StorageLevel.MEMORY_ONLY());
      pairs.count();
      double[] auc = new double[1];
      double seconds =
          median(() -> auc[0] = new BinaryClassificationMetrics(pairs.rdd(), 0).areaUnderROC());
      ObjectNode r = JSON.createObjectNode().put("seconds", seconds).put("auc", auc[0]);
      InterleavedRuns.printResult(r);
    } finally {
      spark.stop();
    }
  }

  private static void big(long b) throws IOException {
    SparkSession spark = SparkSessions.local("local[2]", "pixel-auc-big");
    try {
      long t = System.nanoTime();
      ExactAuc auc = DistributedRoc.auc(pixels(spark, b));
      result((System.nanoTime() - t) / 1e9, auc);
    } finally {
      spark.stop();
    }
  }

  private static void result(double seconds, ExactAuc auc) throws IOException {
    ObjectNode r = JSON.createObjectNode().put("seconds", seconds).put("auc", auc.value());
    r.put("numerator", auc.numerator().toString()).put("denominator", auc.denominator().toString());
    r.put("heap_mib", Runtime.getRuntime().maxMemory() >> 20);
    InterleavedRuns.printResult(r);
  }

  private static void report(Path out, Path results, String command, long n, long big)
      throws IOException {
    InterleavedRuns runs = InterleavedRuns.read(results);
    ExactAuc exact = exact(n);
    ExactAuc bigExact = exact(big);
    boolean oursExact = runs.of("ours").stream().allMatch(r -> equalsExact(r, exact));
    boolean bigEqual = runs.of("big").stream().allMatch(r -> equalsExact(r, bigExact));
    Spread ours = runs.spread("ours", "seconds");
    Spread mllib = runs.spread("mllib", "seconds");
    Spread sklearn = runs.spread("sklearn", "seconds");
    Spread bigSeconds = runs.spread("big", "seconds");
    StringBuilder md = new StringBuilder();
    md.append(
        "## Pixel ROC-AUC at scale: ours vs Spark MLlib vs scikit-learn (issues #8, #26)\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Generated by `%s` on %s: %s, %d cores visible, heap %d MiB. Pixels: label ="
                + " (i·40503 mod 7 = 0), h = i·2654435761 mod 1000003, score = ⌊(h/1000003 +"
                + " 0.25·label)·1000⌋/1000 (about 1,250 distinct scores: heavy ties). Each computes"
                + " the AUC only (ours: `DistributedRoc.auc`, one sweep; `DistributedRoc.of` adds"
                + " average precision with a second). Each run is a process of its own (a JVM for"
                + " the Spark sides, Python for scikit-learn, one thread), the sides interleaved, %d"
                + " rounds; inputs are cached in memory (Spark) or built in numpy (scikit-learn)"
                + " before timing, and a Spark run reports the median of %d timings after %d"
                + " unmeasured ones. Each cell is the median (min–max) over the rounds; ratios are of"
                + " the medians. %s%n%n",
            command,
            LocalDate.now(),
            Measure.cpuModel(),
            Runtime.getRuntime().availableProcessors(),
            runs.of("ours").get(0).path("heap_mib").asLong(),
            runs.rounds(),
            REPEATS,
            WARMUPS,
            runs.idleSentence()));
    md.append("| method | pixels | seconds | ours is × faster | AUC | AUC − exact |\n");
    md.append("|---|---|---|---|---|---|\n");
    row(md, "ours, `DistributedRoc` (local[*])", n, ours, 1, auc(runs, "ours"), exact);
    row(
        md,
        "Spark MLlib `BinaryClassificationMetrics(numBins = 0)` (local[*])",
        n,
        mllib,
        mllib.median() / ours.median(),
        auc(runs, "mllib"),
        exact);
    row(
        md,
        "scikit-learn `roc_auc_score` (1 core)",
        n,
        sklearn,
        sklearn.median() / ours.median(),
        auc(runs, "sklearn"),
        exact);
    md.append(
        String.format(
            Locale.ROOT,
            "%nOurs equals the exact fraction %s/%s in every run: %s.%n%n",
            exact.numerator(),
            exact.denominator(),
            oursExact ? "yes" : "**no**"));
    md.append(
        String.format(
            Locale.ROOT,
            "At scale: %,d pixels generated on the fly in local[2] within a %d MiB heap: %s s,"
                + " AUC %s/%s, equal to the exact fraction counted in one plain Java loop in every"
                + " run: %s.%n",
            big,
            runs.of("big").get(0).path("heap_mib").asLong(),
            bigSeconds.cell("%.1f"),
            bigExact.numerator(),
            bigExact.denominator(),
            bigEqual ? "yes" : "**no**"));
    System.out.print(md);
    DocSections.replace(out, "pixel-auc", md.toString());
    if (!oursExact || !bigEqual) {
      System.exit(1);
    }
  }

  private static boolean equalsExact(JsonNode run, ExactAuc exact) {
    return run.path("numerator").asText().equals(exact.numerator().toString())
        && run.path("denominator").asText().equals(exact.denominator().toString());
  }

  /** The AUC of a side's first run (every run computes the same value on the same pixels). */
  private static double auc(InterleavedRuns runs, String side) {
    return runs.of(side).get(0).path("auc").asDouble();
  }

  /** The median wall time of {@link #REPEATS} runs of {@code work}, after the warm-ups. */
  private static double median(Runnable work) {
    for (int i = 0; i < WARMUPS; i++) {
      work.run();
    }
    List<Double> t = new ArrayList<>();
    for (int i = 0; i < REPEATS; i++) {
      long start = System.nanoTime();
      work.run();
      t.add((System.nanoTime() - start) / 1e9);
    }
    return Spread.of(t).median();
  }

  private static void row(
      StringBuilder md,
      String name,
      long n,
      Spread seconds,
      double ratio,
      double auc,
      ExactAuc exact) {
    md.append(
        String.format(
            Locale.ROOT,
            "| %s | %,d | %s | %.2f | %.15f | %.1e |%n",
            name,
            n,
            seconds.cell("%.2f"),
            ratio,
            auc,
            auc - exact.value()));
  }

  /** The generated pixels as (score, pos, neg) rows, computed on the executors. */
  static Dataset<Row> pixels(SparkSession spark, long n) {
    Column label = when(col("id").multiply(40503L).mod(7).equalTo(0), 1L).otherwise(0L);
    Column h = col("id").multiply(2654435761L).mod(1000003L);
    Column score =
        floor(h.cast("double").divide(1000003.0).plus(label.multiply(0.25)).multiply(1000.0))
            .cast("double")
            .divide(1000.0);
    return spark
        .range(n)
        .select(
            score.as(DistributedRoc.SCORE),
            label.as(DistributedRoc.POSITIVES),
            lit(1L).minus(label).as(DistributedRoc.NEGATIVES));
  }

  /** The exact AUC of the first {@code n} pixels, counted per score grid cell in one loop. */
  static ExactAuc exact(long n) {
    long[] pos = new long[1300];
    long[] neg = new long[1300];
    for (long i = 0; i < n; i++) {
      boolean anomalous = (i * 40503L) % 7 == 0;
      long h = (i * 2654435761L) % 1000003L;
      int cell = (int) Math.floor((h / 1000003.0 + (anomalous ? 0.25 : 0.0)) * 1000.0);
      if (anomalous) {
        pos[cell]++;
      } else {
        neg[cell]++;
      }
    }
    RocSweep.PartSweep sweep = new RocSweep.PartSweep();
    for (int c = pos.length - 1; c >= 0; c--) {
      sweep.add(pos[c], neg[c]);
    }
    return RocSweep.auc(java.util.List.of(sweep.part()));
  }
}
