package io.fcddspark.spark.ingest;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Directory listings for the corpus planners, through Hadoop's FileSystem (HDFS or local), sorted
 * by name so that plans, class indices and ids do not depend on listing order. Hidden entries (".",
 * "_") are skipped. A missing folder is an {@link IllegalArgumentException} naming it.
 */
final class Listing {
  private final Configuration hadoop;

  Listing(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  /** The subfolders of {@code dir}, as URIs. */
  List<String> folders(String dir, String what) {
    return list(dir, what, true);
  }

  /** The files of {@code dir}, as URIs. */
  List<String> files(String dir, String what) {
    return list(dir, what, false);
  }

  /**
   * The files under {@code dir} (recursively) whose names end with one of {@code suffixes}
   * (case-insensitive), as URIs, sorted; a missing folder is an error naming it.
   */
  List<String> filesUnder(String dir, List<String> suffixes) {
    List<String> out = new ArrayList<>();
    try {
      Path p = new Path(dir);
      RemoteIterator<LocatedFileStatus> it = p.getFileSystem(hadoop).listFiles(p, true);
      while (it.hasNext()) {
        String uri = it.next().getPath().toString();
        String lower = name(uri).toLowerCase(Locale.ROOT);
        if (suffixes.stream().anyMatch(lower::endsWith)) {
          out.add(uri);
        }
      }
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException("Folder " + dir + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
    out.sort(null);
    return out;
  }

  /**
   * {@code dir} as the listings name it (scheme and authority added, no trailing "/"), so that a
   * listed file's path relative to {@code dir} is what follows it and a "/".
   */
  String qualified(String dir) {
    try {
      Path p = new Path(dir);
      return p.getFileSystem(hadoop).makeQualified(p).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot resolve " + dir, e);
    }
  }

  /** Whether {@code uri} is a folder (else a file); missing is an error naming {@code what}. */
  boolean isFolder(String uri, String what) {
    try {
      Path p = new Path(uri);
      return p.getFileSystem(hadoop).getFileStatus(p).isDirectory();
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException(what + " " + uri + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot look up " + uri, e);
    }
  }

  boolean exists(String uri) {
    try {
      Path p = new Path(uri);
      return p.getFileSystem(hadoop).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot look up " + uri, e);
    }
  }

  /** A text file's lines with their numbers (from 1), stripped, without blanks and # comments. */
  interface LineVisitor {
    void line(int number, String line);
  }

  /** Reads the text file {@code uri} line by line; a missing file is an error naming it. */
  void forEachLine(String uri, LineVisitor visitor) {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new HadoopFileOpener(hadoop).open(uri), StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = r.readLine()) != null) {
        number++;
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          visitor.line(number, t);
        }
      }
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException("File " + uri + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + uri, e);
    }
  }

  /** The last path component of {@code uri}. */
  static String name(String uri) {
    return new Path(uri).getName();
  }

  private List<String> list(String dir, String what, boolean folders) {
    try {
      Path path = new Path(dir);
      FileSystem fs = path.getFileSystem(hadoop);
      List<String> out = new ArrayList<>();
      for (FileStatus s : fs.listStatus(path)) {
        String n = s.getPath().getName();
        if (s.isDirectory() == folders && !n.startsWith(".") && !n.startsWith("_")) {
          out.add(s.getPath().toString());
        }
      }
      out.sort(null);
      return out;
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException(what + " " + dir + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + what + " " + dir, e);
    }
  }
}
