package io.fcddspark.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identifiers and hashes that depend only on the input, so a rerun of the ingest job produces the
 * same ids and nothing twice.
 */
public final class StableIds {
  private StableIds() {}

  /**
   * The id of entry {@code entry} (a record index, a tar member, a file name) of source {@code
   * sourceUri}: the first 16 bytes of SHA-256 over {@code sourceUri + "#" + entry}, in hex.
   */
  public static String id(String sourceUri, String entry) {
    byte[] d = sha256().digest((sourceUri + "#" + entry).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(d, 0, 16);
  }

  /**
   * The content hash of a decoded image: SHA-256 over {@code "channels x height x width:"} and its
   * pixel bytes (channel-interleaved, row-major), in hex. Equal images hash equal whatever file
   * format they came in.
   */
  public static String contentHash(int channels, int height, int width, byte[] pixels) {
    MessageDigest md = sha256();
    md.update((channels + "x" + height + "x" + width + ":").getBytes(StandardCharsets.US_ASCII));
    md.update(pixels);
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }
}
