package io.fcddspark.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fcddspark.ingest.EncodedImages;
import io.fcddspark.ingest.ImageDecoder;
import io.fcddspark.ingest.ImageLabels;
import io.fcddspark.ingest.IngestOutcome;
import io.fcddspark.ingest.IngestResult;
import io.fcddspark.ingest.IngestSource;
import io.fcddspark.ingest.plan.FolderCorpus;
import io.fcddspark.ingest.plan.IngestPlan;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.spark.ingest.HadoopInputFiles;
import io.fcddspark.spark.ingest.IngestJob;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * Ingest throughput: the ingest job in local Spark on a generated JPEG/PNG corpus (ImageNet-sized
 * photos, stored at 256&times;256 as for ImageNet), per core, against the single-threaded limit of
 * the same work (read, decode, resize, PNG-encode, hash: {@link EncodedImages#outcome}) on the same
 * images. {@code bench/ingest-speed.sh} runs each side in a JVM of its own, interleaved, several
 * rounds.
 *
 * <p>Modes: {@code prepare WORK IMAGES} generates the corpus and a warm-up corpus a tenth its size;
 * {@code limit WORK} and {@code ingest WORK CORES} print one {@code RESULT} JSON line; {@code
 * report OUT RESULTS COMMAND WORK CORES...} writes the section.
 */
public final class IngestBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CLASSES = 8;
  private static final ImageDecoder.Options STORED = new ImageDecoder.Options(100_000_000, 3, 256);

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[1]);
    switch (args[0]) {
      case "prepare" -> {
        deleteTree(work);
        int images = Integer.parseInt(args[2]);
        generate(work.resolve("corpus"), images, 2021);
        generate(work.resolve("warm-up"), Math.max(CLASSES, images / 10), 7);
      }
      case "limit" -> limit(work);
      case "ingest" -> ingest(work, Integer.parseInt(args[2]));
      case "report" -> report(Path.of(args[1]), Path.of(args[2]), args[3], Path.of(args[4]), args);
      default -> throw new IllegalArgumentException("Unknown mode " + args[0]);
    }
  }

  /** One thread doing the job's per-image work on every image, after a warm-up pass over 200. */
  private static void limit(Path work) throws IOException {
    List<Path> files = files(work.resolve("corpus"));
    singleThreaded(files.subList(0, Math.min(200, files.size())));
    ObjectNode r = JSON.createObjectNode().put("images", files.size());
    r.put("img_s", singleThreaded(files));
    InterleavedRuns.printResult(r);
  }

  /** The ingest job in local[cores], after a warm-up ingest of the small corpus in the session. */
  private static void ingest(Path work, int cores) throws IOException {
    int images = files(work.resolve("corpus")).size();
    SparkSession spark = SparkSessions.local("local[" + cores + "]", "ingest-bench");
    try {
      Path out = work.resolve("out-" + cores);
      deleteTree(out);
      deleteTree(work.resolve("warm-up-out"));
      ingest(spark, work.resolve("warm-up"), work.resolve("warm-up-out"));
      long start = System.nanoTime();
      IngestResult r = ingest(spark, work.resolve("corpus"), out);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (r.rows() + r.rejects() != images) {
        throw new IllegalStateException("the benchmark lost images: " + r);
      }
      ObjectNode o = JSON.createObjectNode().put("images", images).put("seconds", seconds);
      o.put("staging_s", r.stageSeconds()).put("finishing_s", r.finishSeconds());
      o.put("staging_img_s_per_core", images / r.stageSeconds() / cores);
      o.put("img_s_per_core", images / seconds / cores);
      InterleavedRuns.printResult(o);
    } finally {
      spark.stop();
    }
  }

  private static void report(Path out, Path results, String command, Path work, String[] args)
      throws IOException {
    InterleavedRuns runs = InterleavedRuns.read(results);
    List<Path> files = files(work.resolve("corpus"));
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    Spread limit = runs.spread("limit", "img_s");
    StringBuilder rows = new StringBuilder();
    for (int i = 5; i < args.length; i++) {
      int k = Integer.parseInt(args[i]);
      String side = "local[" + k + "]";
      Spread staging = runs.spread(side, "staging_img_s_per_core");
      Spread whole = runs.spread(side, "img_s_per_core");
      rows.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %s | %s | %s | %.0f %% | %s | %.0f %% |%n",
              side,
              files.size(),
              runs.spread(side, "staging_s").cell("%.1f"),
              runs.spread(side, "finishing_s").cell("%.1f"),
              staging.cell("%.1f"),
              limit.cell("%.1f"),
              100 * staging.median() / limit.median(),
              whole.cell("%.1f"),
              100 * whole.median() / limit.median()));
    }
    String report =
        String.format(
            Locale.ROOT,
            "## Ingest throughput per core vs the single-threaded limit (issues #6, #26)%n%n"
                + "Generated by `%s` on %s: %s, %d cores visible. Corpus: %d generated photos"
                + " (%d×%d, three in four JPEG, one in four PNG, %.1f MB) in %d class folders,"
                + " stored as 256×256 RGB PNG (bilinear), as the ImageNet configs do. The limit is"
                + " one thread doing the same per-image work (read, decode, resize, PNG-encode,"
                + " hash) on the same files, after a warm-up pass over 200 of them. Each Spark run"
                + " follows a warm-up ingest of a separate corpus a tenth the size in the same"
                + " session (a long ingest runs warm). Staging is the decoding phase (one task per"
                + " class folder); finishing is the accounting, the duplicate check, the final"
                + " shard write, the read-back reconciliation. Each run is a JVM of its own, the"
                + " limit and the masters interleaved, %d rounds; each cell is the median (min–max)"
                + " and the ratios are of the medians. %s Target: staging ≥"
                + " 80 %% of the limit per core.%n%n"
                + "| master | images | staging s | finishing s | staging img/s per core |"
                + " limit img/s (1 thread) | staging per core ÷ limit | whole job img/s per core"
                + " | whole job ÷ limit |%n|---|---|---|---|---|---|---|---|---|%n%s",
            command,
            LocalDate.now(),
            Measure.cpuModel(),
            Runtime.getRuntime().availableProcessors(),
            files.size(),
            WIDTH,
            HEIGHT,
            bytes / 1e6,
            CLASSES,
            runs.rounds(),
            runs.idleSentence(),
            rows);
    System.out.print(report);
    DocSections.replace(out, "ingest", report);
  }

  private static final int WIDTH = 500;
  private static final int HEIGHT = 375;

  private static IngestResult ingest(SparkSession spark, Path corpus, Path output) {
    List<IngestSource> sources =
        new ArrayList<>(
            FolderCorpus.sources(
                new HadoopInputFiles(new Configuration()),
                corpus.toString(),
                "bench",
                "train",
                STORED,
                64L << 20));
    return new IngestJob(spark)
        .run(new IngestPlan(output.toString(), sources, IngestPlan.DEFAULT_SHARD_BYTES));
  }

  /** Images per second of one thread doing the job's per-image work. */
  private static double singleThreaded(List<Path> files) throws IOException {
    ImageLabels labels = ImageLabels.of("bench", "train", "c", 0);
    long start = System.nanoTime();
    for (Path f : files) {
      byte[] b = Files.readAllBytes(f);
      IngestOutcome o = EncodedImages.outcome(labels, f.toString(), "e", b, null, STORED);
      if (!(o instanceof IngestOutcome.Accepted)) {
        throw new IllegalStateException("benchmark image rejected: " + o);
      }
    }
    return files.size() / ((System.nanoTime() - start) / 1e9);
  }

  /** Smooth seeded "photos": a few colour gradients and blobs plus noise, so JPEGs are typical. */
  private static long generate(Path corpus, int images, long seed) throws IOException {
    Random r = new Random(seed);
    long bytes = 0;
    for (int i = 0; i < images; i++) {
      Path dir = Files.createDirectories(corpus.resolve("class" + (i % CLASSES)));
      BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
      double[] f = new double[9];
      for (int j = 0; j < f.length; j++) {
        f[j] = r.nextDouble() * 0.05;
      }
      for (int y = 0; y < HEIGHT; y++) {
        for (int x = 0; x < WIDTH; x++) {
          int red = channel(f[0] * x + f[1] * y, f[2], r);
          int green = channel(f[3] * x - f[4] * y, f[5], r);
          int blue = channel(f[6] * (x + y), f[7] + f[8], r);
          img.setRGB(x, y, (red << 16) | (green << 8) | blue);
        }
      }
      boolean png = i % 4 == 3;
      Path file = dir.resolve(String.format("%05d.%s", i, png ? "png" : "jpg"));
      ImageIO.write(img, png ? "png" : "jpeg", file.toFile());
      bytes += Files.size(file);
    }
    return bytes;
  }

  private static int channel(double phase, double shift, Random r) {
    double v = 127.5 + 100 * Math.sin(phase + shift * 100) + r.nextGaussian() * 6;
    return (int) Math.max(0, Math.min(255, v));
  }

  private static List<Path> files(Path corpus) throws IOException {
    try (Stream<Path> s = Files.walk(corpus)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
