package io.fcddspark.spark.train;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The columns of ingested images that the train side reads, for building test rows. */
final class ImageRows {
  static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType)
          .add("png", DataTypes.BinaryType)
          .add("channels", DataTypes.IntegerType)
          .add("height", DataTypes.IntegerType)
          .add("width", DataTypes.IntegerType);

  private ImageRows() {}
}
