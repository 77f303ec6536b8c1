package io.fcddspark.ingest;

/** An encoded image that cannot become a row; the message is the reject reason. */
public final class ImageRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  public ImageRejectedException(String reason) {
    super(reason);
  }

  public ImageRejectedException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
