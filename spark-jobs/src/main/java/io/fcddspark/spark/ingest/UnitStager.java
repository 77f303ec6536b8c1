package io.fcddspark.spark.ingest;

import io.fcddspark.ingest.IngestSource;
import io.fcddspark.ingest.StableIds;
import io.fcddspark.storage.FileStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Runs one unit of ingest work on an executor and stages its outcomes as one Parquet file, {@code
 * unit-<key hash>.parquet}. Outcomes stream from the source into the writer as they are produced
 * (nothing is buffered beyond Parquet's row group), into a temporary file that is renamed into
 * place only when the unit is complete: the file's existence is the unit's completion record, so a
 * killed job leaves either a whole unit or an ignored {@code _tmp-} file.
 */
final class UnitStager {
  /** Parquet row groups of 32 MiB: bounded executor memory per running unit. */
  private static final long ROW_GROUP_BYTES = 32L << 20;

  private UnitStager() {}

  /**
   * One Hadoop configuration per executor JVM: building one parses the default XML resources (tens
   * of milliseconds), too much to repeat for every unit. It is only read.
   */
  private static final class ExecutorHadoop {
    static final Configuration CONF = new Configuration();
  }

  /** The staged file of {@code unit} under {@code stagingDir}. */
  static String stagedFile(String stagingDir, IngestSource unit) {
    return stagingDir + "/unit-" + StableIds.id("unit", unit.unitKey()) + ".parquet";
  }

  /** Stages {@code unit}; {@code attempt} tells concurrent attempts' temporary files apart. */
  static void stage(IngestSource unit, String stagingDir, long attempt) {
    Configuration hadoop = ExecutorHadoop.CONF;
    Path done = new Path(stagedFile(stagingDir, unit));
    Path tmp =
        new Path(done.getParent(), FileStore.TEMPORARY_PREFIX + attempt + "-" + done.getName());
    SimpleGroupFactory rows = new SimpleGroupFactory(OutcomeTable.PARQUET);
    try {
      FileSystem fs = done.getFileSystem(hadoop);
      long[] outcomes = {0};
      long inputs;
      try (ParquetWriter<Group> writer =
          ExampleParquetWriter.builder(tmp)
              .withConf(hadoop)
              .withType(OutcomeTable.PARQUET)
              .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
              .withCompressionCodec(CompressionCodecName.UNCOMPRESSED) // PNG is already deflated
              .withRowGroupSize(ROW_GROUP_BYTES)
              .build()) {
        inputs =
            unit.ingest(
                new HadoopInputFiles(hadoop),
                o -> {
                  try {
                    writer.write(OutcomeTable.row(rows, o));
                  } catch (IOException e) {
                    throw new UncheckedIOException("Cannot stage an outcome to " + tmp, e);
                  }
                  outcomes[0]++;
                });
        if (inputs != outcomes[0]) {
          throw new IllegalStateException(
              String.format(
                  "Ingest unit %s declared %d inputs but produced %d outcomes",
                  unit.unitKey(), inputs, outcomes[0]));
        }
        writer.write(OutcomeTable.inputsRow(rows, inputs));
      }
      if (!fs.rename(tmp, done) && !fs.exists(done)) {
        throw new IOException("Cannot rename " + tmp + " to " + done);
      }
      fs.delete(tmp, false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stage ingest unit to " + done, e);
    }
  }
}
