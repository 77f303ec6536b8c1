package io.fcddspark.spark.ingest;

import io.fcddspark.ingest.ImageColumns;
import io.fcddspark.ingest.IngestOutcome;
import io.fcddspark.ingest.IngestReject;
import io.fcddspark.ingest.IngestedImage;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The staging table of the ingest job: one row per outcome of a unit (an image or a reject) and one
 * row that counts the unit's inputs, told apart by {@code kind}. Executors write it with Parquet's
 * own writer (one file per unit); the driver reads it back through Spark with {@link #SPARK}, the
 * same columns.
 */
final class OutcomeTable {
  static final String KIND = "kind";
  static final int IMAGE = 0;
  static final int REJECT = 1;
  static final int INPUTS = 2;

  private enum Col {
    KIND_(OutcomeTable.KIND, DataTypes.IntegerType),
    ID("id", DataTypes.StringType),
    DATASET("dataset", DataTypes.StringType),
    SPLIT("split", DataTypes.StringType),
    CLASS_NAME("class_name", DataTypes.StringType),
    CLASS_INDEX("class_index", DataTypes.IntegerType),
    WNID("wnid", DataTypes.StringType),
    DEFECT("defect", DataTypes.StringType),
    OBJECTS("objects", DataTypes.createArrayType(DataTypes.StringType, false)),
    WIDTH("width", DataTypes.IntegerType),
    HEIGHT("height", DataTypes.IntegerType),
    CHANNELS("channels", DataTypes.IntegerType),
    PNG("png", DataTypes.BinaryType),
    MASK_PNG("mask_png", DataTypes.BinaryType),
    SOURCE_URI("source_uri", DataTypes.StringType),
    ENTRY("entry", DataTypes.StringType),
    CONTENT_HASH("content_hash", DataTypes.StringType),
    REASON("reason", DataTypes.StringType),
    EXCEPTION_CLASS("exception_class", DataTypes.StringType),
    INPUTS_("inputs", DataTypes.LongType);

    final String name;
    final DataType type;

    Col(String name, DataType type) {
      this.name = name;
      this.type = type;
    }
  }

  /** The images table's columns ({@link ImageColumns}), as the job writes them. */
  static final String[] IMAGE_COLUMNS = ImageColumns.ALL.toArray(String[]::new);

  static final String[] REJECT_COLUMNS = {"source_uri", "entry", "reason", "exception_class"};

  /** The table as Spark reads it. */
  static final StructType SPARK = sparkSchema();

  /** The table as the executors' Parquet writer writes it. */
  static final MessageType PARQUET = parquetSchema();

  private OutcomeTable() {}

  private static StructType sparkSchema() {
    StructType t = new StructType();
    for (Col c : Col.values()) {
      t =
          t.add(
              new StructField(
                  c.name, c.type, c != Col.KIND_, org.apache.spark.sql.types.Metadata.empty()));
    }
    return t;
  }

  private static MessageType parquetSchema() {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (Col c : Col.values()) {
      Type.Repetition rep = c == Col.KIND_ ? Type.Repetition.REQUIRED : Type.Repetition.OPTIONAL;
      if (c.type == DataTypes.IntegerType) {
        b.primitive(PrimitiveTypeName.INT32, rep).named(c.name);
      } else if (c.type == DataTypes.LongType) {
        b.primitive(PrimitiveTypeName.INT64, rep).named(c.name);
      } else if (c.type == DataTypes.StringType) {
        b.primitive(PrimitiveTypeName.BINARY, rep)
            .as(LogicalTypeAnnotation.stringType())
            .named(c.name);
      } else if (c.type == DataTypes.BinaryType) {
        b.primitive(PrimitiveTypeName.BINARY, rep).named(c.name);
      } else {
        b.optionalList()
            .requiredElement(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named(c.name);
      }
    }
    return b.named("ingest_outcome");
  }

  /** The row of one outcome. */
  static Group row(SimpleGroupFactory rows, IngestOutcome outcome) {
    Group g = rows.newGroup();
    if (outcome instanceof IngestOutcome.Accepted a) {
      IngestedImage i = a.image();
      g.append(KIND, IMAGE);
      put(g, Col.ID, i.id());
      put(g, Col.DATASET, i.dataset());
      put(g, Col.SPLIT, i.split());
      put(g, Col.CLASS_NAME, i.className());
      g.append(Col.CLASS_INDEX.name, i.classIndex());
      put(g, Col.WNID, i.wnid());
      put(g, Col.DEFECT, i.defect());
      if (i.objects() != null) {
        Group list = g.addGroup(Col.OBJECTS.name);
        for (String o : i.objects()) {
          list.addGroup("list").append("element", o);
        }
      }
      g.append(Col.WIDTH.name, i.width());
      g.append(Col.HEIGHT.name, i.height());
      g.append(Col.CHANNELS.name, i.channels());
      g.append(Col.PNG.name, Binary.fromConstantByteArray(i.png()));
      if (i.maskPng() != null) {
        g.append(Col.MASK_PNG.name, Binary.fromConstantByteArray(i.maskPng()));
      }
      put(g, Col.SOURCE_URI, i.sourceUri());
      put(g, Col.ENTRY, i.entry());
      put(g, Col.CONTENT_HASH, i.contentHash());
      g.append(Col.INPUTS_.name, 0L);
    } else {
      IngestReject r = ((IngestOutcome.Rejected) outcome).reject();
      g.append(KIND, REJECT);
      put(g, Col.SOURCE_URI, r.sourceUri());
      put(g, Col.ENTRY, r.entry());
      put(g, Col.REASON, r.reason());
      put(g, Col.EXCEPTION_CLASS, r.exceptionClass());
      g.append(Col.INPUTS_.name, 0L);
    }
    return g;
  }

  /** The row that says how many inputs a unit accounted for. */
  static Group inputsRow(SimpleGroupFactory rows, long inputs) {
    Group g = rows.newGroup();
    g.append(KIND, INPUTS);
    g.append(Col.INPUTS_.name, inputs);
    return g;
  }

  private static void put(Group g, Col c, String value) {
    if (value != null) {
      g.append(c.name, value);
    }
  }
}
