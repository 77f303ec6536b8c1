package io.fcddspark.studies;

import io.fcddspark.pipeline.SweepCell;
import java.util.List;
import java.util.function.Function;

/**
 * What the studies measured beside a sweep's cells, which the targets' findings cite.
 *
 * @param longerRuns the schedule study's runs of the cells
 * @param otherCorpusRuns the OE-corpus study's runs of the cells
 * @param referenceRuns the reference implementation's runs of the classes
 */
public record StudyRuns(
    List<LongerRun> longerRuns,
    List<OtherCorpusRun> otherCorpusRuns,
    List<ReferenceRun> referenceRuns) {
  /** No study runs. */
  public static final StudyRuns NONE = new StudyRuns(List.of(), List.of(), List.of());

  public StudyRuns {
    longerRuns = List.copyOf(longerRuns);
    otherCorpusRuns = List.copyOf(otherCorpusRuns);
    referenceRuns = List.copyOf(referenceRuns);
  }

  /** The schedule study's runs of the cells of {@code dataset}, {@code variation} and class. */
  public List<LongerRun> longerRuns(String dataset, String variation, int nominalClass) {
    return ofClass(longerRuns, LongerRun::cell, dataset, variation, nominalClass);
  }

  /** The OE-corpus study's runs of the cells of {@code dataset}, {@code variation} and class. */
  public List<OtherCorpusRun> otherCorpusRuns(String dataset, String variation, int nominalClass) {
    return ofClass(otherCorpusRuns, OtherCorpusRun::cell, dataset, variation, nominalClass);
  }

  /** The reference implementation's runs of class {@code nominalClass} of {@code dataset}. */
  public List<ReferenceRun> referenceRuns(String dataset, int nominalClass) {
    return referenceRuns.stream()
        .filter(r -> r.dataset().equals(dataset) && r.nominalClass() == nominalClass)
        .toList();
  }

  private static <T> List<T> ofClass(
      List<T> runs, Function<T, SweepCell> cell, String dataset, String variation, int c) {
    return runs.stream()
        .filter(
            r ->
                cell.apply(r).dataset().equals(dataset)
                    && cell.apply(r).variation().equals(variation)
                    && cell.apply(r).nominalClass() == c)
        .toList();
  }
}
