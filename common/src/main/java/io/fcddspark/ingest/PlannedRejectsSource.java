package io.fcddspark.ingest;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * Inputs that planning already found bad (a validation image without a label, a tar of tars member
 * that is not a tar, a label for a file that is missing), so that they reach the rejects table and
 * the accounting like every other input.
 *
 * @param rejects the rejects
 */
public record PlannedRejectsSource(List<IngestReject> rejects) implements IngestSource {
  private static final long serialVersionUID = 1L;

  public PlannedRejectsSource {
    rejects = List.copyOf(rejects);
  }

  @Override
  public List<String> inputUris() {
    return List.copyOf(new LinkedHashSet<>(rejects.stream().map(IngestReject::sourceUri).toList()));
  }

  @Override
  public long ingest(FileOpener opener, Consumer<IngestOutcome> sink) {
    rejects.forEach(r -> sink.accept(new IngestOutcome.Rejected(r)));
    return rejects.size();
  }
}
