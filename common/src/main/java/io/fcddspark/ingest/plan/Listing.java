package io.fcddspark.ingest.plan;

import io.fcddspark.ingest.InputFiles;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Directory listings for the corpus planners, sorted by name so that plans, class indices and ids
 * do not depend on listing order. Hidden entries (".", "_") are skipped. A missing folder is an
 * {@link IllegalArgumentException} naming it.
 */
final class Listing {
  private final InputFiles files;

  Listing(InputFiles files) {
    this.files = files;
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
      for (String uri : files.filesUnder(dir)) {
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

  /** {@code dir} as the listings name it ({@link InputFiles#qualified}). */
  String qualified(String dir) {
    try {
      return files.qualified(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot resolve " + dir, e);
    }
  }

  /** Whether {@code uri} is a folder (else a file); missing is an error naming {@code what}. */
  boolean isFolder(String uri, String what) {
    try {
      return files.isFolder(uri);
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException(what + " " + uri + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot look up " + uri, e);
    }
  }

  boolean exists(String uri) {
    try {
      return files.exists(uri);
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
        new BufferedReader(new InputStreamReader(files.open(uri), StandardCharsets.UTF_8))) {
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
    String u = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    return u.substring(u.lastIndexOf('/') + 1);
  }

  private List<String> list(String dir, String what, boolean folders) {
    try {
      List<String> out = new ArrayList<>();
      for (InputFiles.Entry e : files.entries(dir)) {
        String n = name(e.uri());
        if (e.folder() == folders && !n.startsWith(".") && !n.startsWith("_")) {
          out.add(e.uri());
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
