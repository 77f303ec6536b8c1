package io.fcddspark.spark.ingest;

import io.fcddspark.ingest.FileOpener;
import io.fcddspark.ingest.IngestOutcome;
import io.fcddspark.ingest.IngestSource;
import java.util.List;
import java.util.function.Consumer;

/**
 * A source that takes {@code millisPerInput} per outcome, so that a test can kill a job while it is
 * mid-way. Its unit key is its delegate's: the delay does not change the outcomes.
 */
record SlowSource(IngestSource delegate, long millisPerInput) implements IngestSource {
  private static final long serialVersionUID = 1L;

  @Override
  public List<String> inputUris() {
    return delegate.inputUris();
  }

  @Override
  public long ingest(FileOpener opener, Consumer<IngestOutcome> sink) {
    return delegate.ingest(
        opener,
        o -> {
          try {
            Thread.sleep(millisPerInput);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
          }
          sink.accept(o);
        });
  }

  @Override
  public String unitKey() {
    return delegate.unitKey();
  }
}
