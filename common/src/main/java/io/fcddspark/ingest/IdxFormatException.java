package io.fcddspark.ingest;

/** An IDX file whose header is not one this reader can use; the message names file and rule. */
public final class IdxFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public IdxFormatException(String message) {
    super(message);
  }
}
