package io.fcddspark.spark.ingest;

import io.fcddspark.ingest.FileOpener;
import io.fcddspark.ingest.RangeInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

/** Opens inputs through Hadoop's FileSystem; ranges by seeking. */
final class HadoopFileOpener implements FileOpener {
  private final Configuration hadoop;

  HadoopFileOpener(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  @Override
  public InputStream open(String uri) throws IOException {
    Path p = new Path(uri);
    return p.getFileSystem(hadoop).open(p);
  }

  @Override
  public InputStream open(String uri, long offset, long length) throws IOException {
    Path p = new Path(uri);
    FSDataInputStream in = p.getFileSystem(hadoop).open(p);
    try {
      in.seek(offset);
    } catch (IOException e) {
      in.close();
      throw e;
    }
    return new RangeInputStream(in, length);
  }
}
