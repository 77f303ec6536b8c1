package io.fcddspark.ingest;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Streams the regular files of a tar archive (gzip detected), one entry at a time, never holding
 * the archive: each entry's bytes are read from the stream as it goes by. Entry names that would
 * escape a target directory (absolute, or with a {@code ..} component) are reported unsafe, not
 * read.
 */
public final class SafeTarReader {
  private SafeTarReader() {}

  /** What to do with each entry. */
  public interface Visitor {
    /** A regular file entry with a safe name; {@code data} is valid until this returns. */
    void file(String name, long size, InputStream data) throws IOException;

    /** An entry with an unsafe name. */
    void unsafe(String name, String reason);
  }

  /** Reads every entry of {@code archive}; an I/O error (a corrupt archive) is thrown. */
  public static void read(InputStream archive, Visitor visitor) throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Gzip.maybeGunzip(archive))) {
      TarArchiveEntry e;
      while ((e = tar.getNextTarEntry()) != null) {
        if (!e.isFile()) {
          continue;
        }
        String name = e.getName();
        String problem = unsafe(name);
        if (problem != null) {
          visitor.unsafe(name, problem);
        } else {
          visitor.file(name, e.getSize(), tar);
        }
      }
    }
  }

  /** Why {@code name} is unsafe, or null. */
  public static String unsafe(String name) {
    if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
      return "tar entry " + name + " has an absolute path";
    }
    for (String part : name.replace('\\', '/').split("/")) {
      if (part.equals("..")) {
        return "tar entry " + name + " climbs out of the archive with '..'";
      }
    }
    return null;
  }
}
