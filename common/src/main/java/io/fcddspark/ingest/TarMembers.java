package io.fcddspark.ingest;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * Lists the members of an uncompressed tar of tars with their byte ranges by reading only the
 * headers (seeking over the data), so that each member can be read by its own task.
 */
public final class TarMembers {
  private TarMembers() {}

  /**
   * A regular file member.
   *
   * @param name its name in the archive
   * @param offset the first byte of its data
   * @param size its size in bytes
   */
  public record Member(String name, long offset, long size) {}

  /** The regular file members of the tar behind {@code channel}. */
  public static List<Member> list(SeekableByteChannel channel) throws IOException {
    List<Member> out = new ArrayList<>();
    try (TarFile tar = new TarFile(channel)) {
      for (TarArchiveEntry e : tar.getEntries()) {
        if (e.isFile()) {
          out.add(new Member(e.getName(), e.getDataOffset(), e.getSize()));
        }
      }
    }
    return out;
  }
}
