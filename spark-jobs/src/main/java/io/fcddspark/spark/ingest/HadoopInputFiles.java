package io.fcddspark.spark.ingest;

import io.fcddspark.ingest.InputFiles;
import io.fcddspark.ingest.RangeInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;

/** {@link InputFiles} through Hadoop's FileSystem (HDFS, local disk, ...); ranges by seeking. */
public final class HadoopInputFiles implements InputFiles {
  private final Configuration hadoop;

  public HadoopInputFiles(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  /** The inputs as the session's Hadoop configuration reaches them. */
  public static HadoopInputFiles of(SparkSession spark) {
    return new HadoopInputFiles(spark.sparkContext().hadoopConfiguration());
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

  @Override
  public List<Entry> entries(String dir) throws IOException {
    Path p = new Path(dir);
    List<Entry> out = new ArrayList<>();
    for (FileStatus s : p.getFileSystem(hadoop).listStatus(p)) {
      out.add(new Entry(s.getPath().toString(), s.isDirectory()));
    }
    return out;
  }

  @Override
  public List<String> filesUnder(String dir) throws IOException {
    Path p = new Path(dir);
    List<String> out = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = p.getFileSystem(hadoop).listFiles(p, true);
    while (it.hasNext()) {
      out.add(it.next().getPath().toString());
    }
    return out;
  }

  @Override
  public String qualified(String dir) throws IOException {
    Path p = new Path(dir);
    return p.getFileSystem(hadoop).makeQualified(p).toString();
  }

  @Override
  public boolean isFolder(String uri) throws IOException {
    Path p = new Path(uri);
    return p.getFileSystem(hadoop).getFileStatus(p).isDirectory();
  }

  @Override
  public boolean exists(String uri) throws IOException {
    Path p = new Path(uri);
    return p.getFileSystem(hadoop).exists(p);
  }

  @Override
  public SeekableByteChannel channel(String uri) throws IOException {
    return new HadoopSeekableChannel(hadoop, uri);
  }
}
