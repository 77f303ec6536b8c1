package io.fcddspark.spark.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** A read-only {@link SeekableByteChannel} over a Hadoop file, for commons-compress's TarFile. */
final class HadoopSeekableChannel implements SeekableByteChannel {
  private final FSDataInputStream in;
  private final long size;
  private boolean open = true;
  private long beyondEnd = -1; // a position at or past the end, which Hadoop cannot seek to

  HadoopSeekableChannel(Configuration hadoop, String uri) throws IOException {
    Path p = new Path(uri);
    FileSystem fs = p.getFileSystem(hadoop);
    this.size = fs.getFileStatus(p).getLen();
    this.in = fs.open(p);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (beyondEnd >= 0) {
      return -1;
    }
    byte[] buf = new byte[Math.min(dst.remaining(), 1 << 16)];
    int n = in.read(buf, 0, buf.length);
    if (n > 0) {
      dst.put(buf, 0, n);
    }
    return n;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() throws IOException {
    return beyondEnd >= 0 ? beyondEnd : in.getPos();
  }

  /** As the contract says: a position past the end is legal, and reads there see end-of-file. */
  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    if (newPosition >= size) {
      beyondEnd = newPosition;
    } else {
      beyondEnd = -1;
      in.seek(newPosition);
    }
    return this;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() throws IOException {
    open = false;
    in.close();
  }
}
