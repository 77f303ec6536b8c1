package io.fcddspark.ingest;

import java.io.IOException;
import java.io.InputStream;

/**
 * Turns one encoded image (a file, a tar member) into an outcome: read with a size limit, decoded
 * by {@link ImageDecoder}, stored as PNG with its mask; or a reject naming the input and the rule.
 */
public final class EncodedImages {
  private EncodedImages() {}

  /** An input larger than the limit. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(long limit) {
      super("larger than the limit of " + limit + " bytes");
    }
  }

  /** Reads at most {@code maxBytes} bytes of {@code in}, or fails on a longer input. */
  public static byte[] read(InputStream in, long maxBytes) throws IOException {
    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    if (bytes.length > maxBytes) {
      throw new TooLargeException(maxBytes);
    }
    return bytes;
  }

  /** Reads file {@code uri} with a size limit. */
  public static byte[] readFile(FileOpener opener, String uri, long maxBytes) throws IOException {
    try (InputStream in = opener.open(uri)) {
      return read(in, maxBytes);
    }
  }

  /**
   * Decodes {@code bytes} (entry {@code entry} of {@code sourceUri}) and, when {@code maskBytes} is
   * not null, the mask, to the same size; a mask that does not decode, or whose size differs from
   * the image's, rejects the image.
   */
  public static IngestOutcome outcome(
      ImageLabels labels,
      String sourceUri,
      String entry,
      byte[] bytes,
      byte[] maskBytes,
      ImageDecoder.Options decoding) {
    ImageDecoder.Decoded d;
    try {
      d = ImageDecoder.decode(bytes, decoding);
    } catch (ImageRejectedException e) {
      return reject(sourceUri, entry, e.getMessage(), e.getCause());
    }
    byte[] maskPng = null;
    if (maskBytes != null) {
      ImageDecoder.Decoded m;
      try {
        m = ImageDecoder.decode(maskBytes, decoding.withChannels(1));
      } catch (ImageRejectedException e) {
        return reject(sourceUri, entry, "its mask: " + e.getMessage(), e.getCause());
      }
      if (m.width() != d.width() || m.height() != d.height()) {
        return reject(
            sourceUri,
            entry,
            String.format(
                "its mask is %dx%d but the image is %dx%d",
                m.width(), m.height(), d.width(), d.height()),
            null);
      }
      byte[] binary = m.pixels();
      for (int i = 0; i < binary.length; i++) {
        binary[i] = Byte.toUnsignedInt(binary[i]) >= 128 ? (byte) 255 : 0;
      }
      maskPng = PngCodec.encode(1, m.height(), m.width(), binary);
    }
    return new IngestOutcome.Accepted(
        IngestedImage.of(
            labels, sourceUri, entry, d.channels(), d.height(), d.width(), d.pixels(), maskPng));
  }

  /** A reject of {@code entry} of {@code sourceUri}. */
  public static IngestOutcome reject(String sourceUri, String entry, String reason, Throwable e) {
    return new IngestOutcome.Rejected(
        new IngestReject(sourceUri, entry, reason, e == null ? null : e.getClass().getName()));
  }
}
