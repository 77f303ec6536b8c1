package io.fcddspark.spark.ingest;

import io.fcddspark.ingest.IngestManifest;
import io.fcddspark.ingest.IngestResult;
import io.fcddspark.ingest.IngestSource;
import io.fcddspark.ingest.plan.IngestPlan;
import io.fcddspark.job.Job;
import io.fcddspark.provenance.CodeVersion;
import io.fcddspark.provenance.RecordJson;
import io.fcddspark.spark.cluster.SparkRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest job: reads the sources on the executors (one task per source), and writes
 *
 * <ul>
 *   <li>{@code images/}: Parquet, partitioned by dataset / split / class_name, shards of about
 *       {@code targetShardBytes} (schema in docs/ingest.md);
 *   <li>{@code rejects/}: Parquet, one row per input that could not become an image, with the
 *       reason;
 *   <li>{@code manifest.json}: counts per class, the inputs with their sizes, the config, the code
 *       version and an order-independent content hash.
 * </ul>
 *
 * <p>Every input is accounted for, and the job checks it: it fails unless inputs = rows + rejects.
 * Ids derive from source and entry, so a rerun replaces the output with the same rows.
 */
public final class IngestJob implements Job<IngestPlan, IngestResult> {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);
  private static final String MANIFEST = IngestManifest.FILE;
  private static final String STAGING = "_staging";

  /** Up to this many copies, their ids are broadcast to drop them without a shuffle. */
  private static final long BROADCAST_COPIES = 1_000_000;

  private final SparkSession spark;

  public IngestJob(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Runs the job. Units whose staged file exists (from a killed run) are not redone; an output
   * whose manifest records the same plan is already complete and is returned as it is.
   */
  @Override
  public IngestResult run(IngestPlan plan) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<IngestSource> units = plan.sources();
    String hash = planHash(plan);
    IngestResult done = completedResult(hadoop, plan.output(), hash);
    if (done != null) {
      return done.withRun(units.size(), units.size(), done.stageSeconds(), done.finishSeconds());
    }
    String staging = plan.output() + "/" + STAGING;
    StagingArea area = new StagingArea(hadoop, staging);
    Map<String, Long> stagedBefore = area.scan();
    List<String> files = new ArrayList<>();
    List<IngestSource> pending = new ArrayList<>();
    for (IngestSource u : units) {
      String f = UnitStager.stagedFile(staging, u);
      files.add(f);
      if (!StagingArea.contains(stagedBefore, f)) {
        pending.add(u);
      }
    }
    long stageStart = System.nanoTime();
    if (!pending.isEmpty()) {
      JavaSparkContext.fromSparkContext(spark.sparkContext())
          .parallelize(pending, pending.size())
          .foreach(u -> UnitStager.stage(u, staging, TaskContext.get().taskAttemptId()));
    }
    double stageSeconds = (System.nanoTime() - stageStart) / 1e9;
    LOG.info(
        "Ingest {}: staged {} of {} units in {} s ({} staged earlier)",
        plan.output(),
        pending.size(),
        units.size(),
        String.format("%.1f", stageSeconds),
        units.size() - pending.size());
    long finishStart = System.nanoTime();
    Dataset<Row> staged =
        spark.read().schema(OutcomeTable.SPARK).parquet(files.toArray(String[]::new));
    IngestResult result =
        write(plan, staged, area.bytes(files))
            .withRun(
                units.size(),
                units.size() - pending.size(),
                stageSeconds,
                (System.nanoTime() - finishStart) / 1e9);
    writeManifest(plan, hash, result);
    LOG.info(
        "Ingest {}: finished (accounting, duplicates, shards, manifest) in {} s",
        plan.output(),
        String.format("%.1f", (System.nanoTime() - finishStart) / 1e9));
    area.delete();
    return result;
  }

  /** A hash over what decides the output: every unit's key and the shard target. */
  private static String planHash(IngestPlan plan) {
    MessageDigest md = sha256();
    for (IngestSource u : plan.sources()) {
      md.update(u.unitKey().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
    }
    md.update(Long.toString(plan.targetShardBytes()).getBytes(StandardCharsets.US_ASCII));
    return HexFormat.of().formatHex(md.digest());
  }

  /** The result recorded by a finished run of the same plan, or null. */
  private static IngestResult completedResult(
      Configuration hadoop, String output, String planHash) {
    Path path = new Path(output + "/" + MANIFEST);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (!fs.exists(path)) {
        return null;
      }
      try (InputStream in = fs.open(path)) {
        IngestManifest manifest = IngestManifest.read(in.readAllBytes(), path.toString());
        return planHash.equals(manifest.planHash()) ? manifest.result() : null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the manifest " + path, e);
    }
  }

  /**
   * Checks the accounting, turns copies into rejects and writes the shards. Everything but the
   * final write reads only the narrow columns (Parquet skips the PNG bytes), and the final write is
   * a scan without a shuffle: a unit's rows already belong to few classes.
   */
  private IngestResult write(IngestPlan plan, Dataset<Row> staged, long stagedBytes) {
    Dataset<Row> narrow = staged.drop("png", "mask_png").persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return write(plan, staged, narrow, stagedBytes);
    } finally {
      narrow.unpersist();
    }
  }

  private IngestResult write(
      IngestPlan plan, Dataset<Row> staged, Dataset<Row> narrow, long stagedBytes) {
    Row totals =
        narrow
            .groupBy()
            .agg(
                functions.sum("inputs").as("inputs"),
                countOf(narrow, OutcomeTable.IMAGE).as("rows"),
                countOf(narrow, OutcomeTable.REJECT).as("rejects"))
            .first();
    long inputs = longOrZero(totals, "inputs");
    long rowCount = longOrZero(totals, "rows");
    long rejectCount = longOrZero(totals, "rejects");
    if (inputs != rowCount + rejectCount) {
      throw new IllegalStateException(
          String.format(
              "Ingest lost inputs: %d inputs but %d rows + %d rejects",
              inputs, rowCount, rejectCount));
    }
    Dataset<Row> narrowImages =
        narrow.filter(narrow.col(OutcomeTable.KIND).equalTo(OutcomeTable.IMAGE));
    Dataset<Row> rejects =
        narrow.filter(narrow.col(OutcomeTable.KIND).equalTo(OutcomeTable.REJECT));

    // The same image twice in a dataset (any split: a train/test copy is leakage): the first copy
    // in source order stays, the others become rejects naming it.
    WindowSpec sameContent =
        Window.partitionBy("dataset", "content_hash").orderBy("source_uri", "entry");
    Dataset<Row> ranked =
        narrowImages
            .select("id", "dataset", "content_hash", "source_uri", "entry")
            .withColumn("copy", functions.row_number().over(sameContent))
            .withColumn("kept_id", functions.first("id").over(sameContent))
            .withColumn("kept_uri", functions.first("source_uri").over(sameContent));
    Dataset<Row> duplicates =
        ranked
            .filter(ranked.col("copy").gt(1))
            .select(
                ranked.col("id"),
                ranked.col("source_uri"),
                ranked.col("entry"),
                functions
                    .concat(
                        functions.lit("duplicate of "),
                        ranked.col("kept_id"),
                        functions.lit(" from "),
                        ranked.col("kept_uri"),
                        functions.lit(" (same pixels, content hash "),
                        ranked.col("content_hash"),
                        functions.lit(")"))
                    .as("reason"),
                functions.lit(null).cast(DataTypes.StringType).as("exception_class"))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long duplicateCount = duplicates.count();
      Dataset<Row> images =
          staged.filter(staged.col(OutcomeTable.KIND).equalTo(OutcomeTable.IMAGE));
      if (duplicateCount > 0) {
        Dataset<Row> copies = duplicates.select("id");
        if (duplicateCount <= BROADCAST_COPIES) {
          copies = functions.broadcast(copies);
        }
        images = images.join(copies, images.col("id").equalTo(copies.col("id")), "left_anti");
        narrowImages =
            narrowImages.join(
                copies, narrowImages.col("id").equalTo(copies.col("id")), "left_anti");
      }
      rowCount -= duplicateCount;
      rejectCount += duplicateCount;
      double bytesPerRow = (double) stagedBytes / Math.max(1, rowCount + duplicateCount);
      long perShard = Math.max(1, (long) (plan.targetShardBytes() / Math.max(1, bytesPerRow)));

      images
          .select(
              OutcomeTable.IMAGE_COLUMNS[0],
              Arrays.copyOfRange(OutcomeTable.IMAGE_COLUMNS, 1, OutcomeTable.IMAGE_COLUMNS.length))
          .write()
          .mode(SaveMode.Overwrite)
          .option("maxRecordsPerFile", perShard)
          .partitionBy("dataset", "split", "class_name")
          .parquet(plan.output() + "/images");
      rejects
          .select(
              OutcomeTable.REJECT_COLUMNS[0],
              Arrays.copyOfRange(
                  OutcomeTable.REJECT_COLUMNS, 1, OutcomeTable.REJECT_COLUMNS.length))
          .union(duplicates.drop("id"))
          .coalesce(1)
          .write()
          .mode(SaveMode.Overwrite)
          .parquet(plan.output() + "/rejects");

      // Reconcile what was written, not what was meant to be written.
      long writtenRows = spark.read().parquet(plan.output() + "/images").count();
      long writtenRejects = spark.read().parquet(plan.output() + "/rejects").count();
      if (writtenRows != rowCount || writtenRejects != rejectCount) {
        throw new IllegalStateException(
            String.format(
                "Ingest output does not reconcile: %d inputs, expected %d rows + %d rejects, wrote"
                    + " %d + %d under %s",
                inputs, rowCount, rejectCount, writtenRows, writtenRejects, plan.output()));
      }
      Map<String, Long> perClass = new TreeMap<>();
      for (Row r : narrowImages.groupBy("dataset", "split", "class_name").count().collectAsList()) {
        perClass.put(
            r.getAs("dataset") + "/" + r.getAs("split") + "/" + r.getAs("class_name"),
            r.<Long>getAs("count"));
      }
      return new IngestResult(
          inputs, rowCount, rejectCount, perClass, contentHash(narrowImages), 0, 0, 0, 0);
    } finally {
      duplicates.unpersist();
    }
  }

  /** A sum's value, 0 where it summed nothing (null). */
  private static long longOrZero(Row r, String column) {
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? 0 : r.getLong(i);
  }

  private static org.apache.spark.sql.Column countOf(Dataset<Row> outcomes, int kind) {
    return functions.sum(
        functions.when(outcomes.col(OutcomeTable.KIND).equalTo(kind), 1).otherwise(0));
  }

  /** Sum over rows of SHA-256(id, content hash) as 128-bit numbers, mod 2^128: order-free. */
  private static String contentHash(Dataset<Row> images) {
    JavaRDD<BigInteger> parts =
        images
            .select("id", "content_hash")
            .javaRDD()
            .mapPartitions(
                it -> {
                  BigInteger sum = BigInteger.ZERO;
                  MessageDigest md = sha256();
                  while (it.hasNext()) {
                    Row r = it.next();
                    byte[] d =
                        md.digest(
                            (r.getAs("id") + ":" + r.getAs("content_hash"))
                                .getBytes(StandardCharsets.UTF_8));
                    sum = sum.add(new BigInteger(1, java.util.Arrays.copyOf(d, 16)));
                  }
                  return List.of(sum.mod(BigInteger.ONE.shiftLeft(128))).iterator();
                });
    BigInteger total =
        parts.fold(BigInteger.ZERO, BigInteger::add).mod(BigInteger.ONE.shiftLeft(128));
    return String.format("%032x", total);
  }

  private void writeManifest(IngestPlan plan, String planHash, IngestResult result) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<IngestManifest.Input> inputs = new ArrayList<>();
    for (IngestSource s : plan.sources()) {
      for (String uri : s.inputUris()) {
        inputs.add(new IngestManifest.Input(uri, size(hadoop, uri)));
      }
    }
    IngestManifest manifest =
        new IngestManifest(
            Instant.now().toString(),
            CodeVersion.current(),
            planHash,
            new IngestManifest.Config(
                plan.output(),
                plan.targetShardBytes(),
                plan.sources().size(),
                RecordJson.tree(plan.config())),
            inputs,
            result,
            RecordJson.tree(SparkRun.of(spark.sparkContext())));
    Path path = new Path(plan.output() + "/" + MANIFEST);
    try (OutputStream out = path.getFileSystem(hadoop).create(path, true)) {
      out.write(manifest.toJson());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write manifest " + path, e);
    }
  }

  private static Long size(Configuration hadoop, String uri) {
    try {
      Path p = new Path(uri);
      return p.getFileSystem(hadoop).getFileStatus(p).getLen();
    } catch (IOException e) {
      return null; // a missing input is in the rejects table with its reason
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
