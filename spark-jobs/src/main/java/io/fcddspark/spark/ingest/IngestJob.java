package io.fcddspark.spark.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fcddspark.ingest.IngestOutcome;
import io.fcddspark.ingest.IngestReject;
import io.fcddspark.ingest.IngestSource;
import io.fcddspark.ingest.IngestedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

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
public final class IngestJob {
  static final String KIND = "kind";
  private static final int IMAGE = 0;
  private static final int REJECT = 1;
  private static final int INPUTS = 2;

  private static final StructType OUTCOMES =
      new StructType()
          .add(KIND, DataTypes.IntegerType, false)
          .add("id", DataTypes.StringType)
          .add("dataset", DataTypes.StringType)
          .add("split", DataTypes.StringType)
          .add("class_name", DataTypes.StringType)
          .add("class_index", DataTypes.IntegerType)
          .add("wnid", DataTypes.StringType)
          .add("width", DataTypes.IntegerType)
          .add("height", DataTypes.IntegerType)
          .add("channels", DataTypes.IntegerType)
          .add("png", DataTypes.BinaryType)
          .add("mask_png", DataTypes.BinaryType)
          .add("source_uri", DataTypes.StringType)
          .add("entry", DataTypes.StringType)
          .add("content_hash", DataTypes.StringType)
          .add("reason", DataTypes.StringType)
          .add("exception_class", DataTypes.StringType)
          .add("inputs", DataTypes.LongType);

  static final String[] IMAGE_COLUMNS = {
    "id",
    "dataset",
    "split",
    "class_name",
    "class_index",
    "wnid",
    "width",
    "height",
    "channels",
    "png",
    "mask_png",
    "source_uri",
    "entry",
    "content_hash"
  };
  static final String[] REJECT_COLUMNS = {"source_uri", "entry", "reason", "exception_class"};

  private final SparkSession spark;

  public IngestJob(SparkSession spark) {
    this.spark = spark;
  }

  /** Runs the job. */
  public IngestResult execute(IngestConfig config) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Row> rows =
        sc.parallelize(config.sources(), config.sources().size()).flatMap(IngestJob::read);
    Dataset<Row> outcomes =
        spark.createDataFrame(rows, OUTCOMES).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return write(config, outcomes);
    } finally {
      outcomes.unpersist();
    }
  }

  private IngestResult write(IngestConfig config, Dataset<Row> outcomes) {
    Dataset<Row> images = outcomes.filter(outcomes.col(KIND).equalTo(IMAGE));
    Dataset<Row> rejects = outcomes.filter(outcomes.col(KIND).equalTo(REJECT));
    Row totals =
        outcomes
            .groupBy()
            .agg(
                functions.sum("inputs"),
                countOf(outcomes, IMAGE),
                countOf(outcomes, REJECT),
                functions.avg(functions.length(outcomes.col("png"))))
            .first();
    long inputs = totals.isNullAt(0) ? 0 : totals.getLong(0);
    long rowCount = totals.isNullAt(1) ? 0 : totals.getLong(1);
    long rejectCount = totals.isNullAt(2) ? 0 : totals.getLong(2);
    if (inputs != rowCount + rejectCount) {
      throw new IllegalStateException(
          String.format(
              "Ingest lost inputs: %d inputs but %d rows + %d rejects",
              inputs, rowCount, rejectCount));
    }
    double avgPng = totals.isNullAt(3) ? 1 : totals.getDouble(3);

    // The same image twice in a dataset (any split: a train/test copy is leakage): the first copy
    // in source order stays, the others become rejects naming it.
    WindowSpec sameContent =
        Window.partitionBy("dataset", "content_hash").orderBy("source_uri", "entry");
    Dataset<Row> ranked =
        images
            .withColumn("copy", functions.row_number().over(sameContent))
            .withColumn("kept_id", functions.first("id").over(sameContent))
            .withColumn("kept_uri", functions.first("source_uri").over(sameContent));
    Dataset<Row> duplicates =
        ranked
            .filter(ranked.col("copy").gt(1))
            .select(
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
    long duplicateCount = duplicates.count();
    images = ranked.filter(ranked.col("copy").equalTo(1));
    rowCount -= duplicateCount;
    rejectCount += duplicateCount;
    long perShard = Math.max(1, (long) (config.targetShardBytes() / Math.max(1, avgPng + 200)));

    images
        .select(
            IMAGE_COLUMNS[0], java.util.Arrays.copyOfRange(IMAGE_COLUMNS, 1, IMAGE_COLUMNS.length))
        .repartition(images.col("dataset"), images.col("split"), images.col("class_name"))
        .write()
        .mode(SaveMode.Overwrite)
        .option("maxRecordsPerFile", perShard)
        .partitionBy("dataset", "split", "class_name")
        .parquet(config.output() + "/images");
    rejects
        .select(
            REJECT_COLUMNS[0],
            java.util.Arrays.copyOfRange(REJECT_COLUMNS, 1, REJECT_COLUMNS.length))
        .union(duplicates)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(config.output() + "/rejects");

    // Reconcile what was written, not what was meant to be written.
    long writtenRows = spark.read().parquet(config.output() + "/images").count();
    long writtenRejects = spark.read().parquet(config.output() + "/rejects").count();
    if (writtenRows != rowCount || writtenRejects != rejectCount) {
      throw new IllegalStateException(
          String.format(
              "Ingest output does not reconcile: %d inputs, expected %d rows + %d rejects, wrote"
                  + " %d + %d under %s",
              inputs, rowCount, rejectCount, writtenRows, writtenRejects, config.output()));
    }
    Map<String, Long> perClass = new TreeMap<>();
    for (Row r : images.groupBy("dataset", "split", "class_name").count().collectAsList()) {
      perClass.put(r.getString(0) + "/" + r.getString(1) + "/" + r.getString(2), r.getLong(3));
    }
    String hash = contentHash(images);
    duplicates.unpersist();
    IngestResult result = new IngestResult(inputs, rowCount, rejectCount, perClass, hash);
    writeManifest(config, result);
    return result;
  }

  private static org.apache.spark.sql.Column countOf(Dataset<Row> outcomes, int kind) {
    return functions.sum(functions.when(outcomes.col(KIND).equalTo(kind), 1).otherwise(0));
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
                            (r.getString(0) + ":" + r.getString(1))
                                .getBytes(StandardCharsets.UTF_8));
                    sum = sum.add(new BigInteger(1, java.util.Arrays.copyOf(d, 16)));
                  }
                  return List.of(sum.mod(BigInteger.ONE.shiftLeft(128))).iterator();
                });
    BigInteger total =
        parts.fold(BigInteger.ZERO, BigInteger::add).mod(BigInteger.ONE.shiftLeft(128));
    return String.format("%032x", total);
  }

  private void writeManifest(IngestConfig config, IngestResult result) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("createdAt", Instant.now().toString());
    manifest.put("codeVersion", codeVersion());
    manifest.put("config", config);
    List<Map<String, Object>> inputs = new ArrayList<>();
    for (IngestSource s : config.sources()) {
      for (String uri : s.inputUris()) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("uri", uri);
        in.put("bytes", size(hadoop, uri));
        inputs.add(in);
      }
    }
    manifest.put("inputs", inputs);
    manifest.put("result", result);
    Path path = new Path(config.output() + "/manifest.json");
    try (OutputStream out = path.getFileSystem(hadoop).create(path, true)) {
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, manifest);
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

  private static String codeVersion() {
    String v = IngestJob.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }

  /** Reads one source on an executor: its outcomes, then one row that counts its inputs. */
  private static java.util.Iterator<Row> read(IngestSource source) {
    List<Row> out = new ArrayList<>();
    Configuration hadoop = new Configuration();
    long inputs =
        source.ingest(
            uri -> {
              Path p = new Path(uri);
              return p.getFileSystem(hadoop).open(p);
            },
            o -> out.add(toRow(o)));
    out.add(
        RowFactory.create(
            INPUTS, null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, inputs));
    return out.iterator();
  }

  private static Row toRow(IngestOutcome outcome) {
    if (outcome instanceof IngestOutcome.Accepted a) {
      IngestedImage i = a.image();
      return RowFactory.create(
          IMAGE,
          i.id(),
          i.dataset(),
          i.split(),
          i.className(),
          i.classIndex(),
          i.wnid(),
          i.width(),
          i.height(),
          i.channels(),
          i.png(),
          i.maskPng(),
          i.sourceUri(),
          i.entry(),
          i.contentHash(),
          null,
          null,
          0L);
    }
    IngestReject r = ((IngestOutcome.Rejected) outcome).reject();
    return RowFactory.create(
        REJECT,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        r.sourceUri(),
        r.entry(),
        null,
        r.reason(),
        r.exceptionClass(),
        0L);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
