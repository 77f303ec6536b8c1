package io.fcddspark.studies;

import static io.fcddspark.config.ConfigLoader.required;

/**
 * A targets study (YAML, {@code studies/conf/}): how close a sweep's first variation comes to the
 * published values, and what the sweep and its sibling studies measured about every class that
 * misses. It reads records only; it never trains.
 *
 * @param sweep the sweep config whose records are studied; required
 * @param markdown the page it writes (e.g. docs/results-targets.md); required
 * @param title the page's title; required
 * @param targets how close the first variation should come; required
 * @param scheduleStudy a sweep config whose records train the first variation's cells longer (e.g.
 *     40 epochs with snapshots); a record is used only when its key equals the cell's record's but
 *     for the schedule; default none
 * @param oeStudy a sweep config whose records train the first variation's cells with another OE
 *     corpus; a record is used only when its key equals the cell's record's but for the corpus;
 *     default none
 * @param referenceRuns a folder of the authors' implementation's runs of the sweep's classes
 *     ({@code bench/reference-fcdd.sh}), trained on the sweep's OE images; default none
 */
public record TargetStudyConfig(
    String sweep,
    String markdown,
    String title,
    Targets targets,
    String scheduleStudy,
    String oeStudy,
    String referenceRuns) {
  public TargetStudyConfig {
    required(sweep, "sweep");
    required(markdown, "markdown");
    required(title, "title");
    required(targets, "targets");
  }
}
