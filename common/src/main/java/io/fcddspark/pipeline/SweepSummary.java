package io.fcddspark.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.fcddspark.provenance.Hardware;
import io.fcddspark.provenance.RecordJson;
import io.fcddspark.provenance.Resources;

/**
 * A sweep run's {@code sweep.json}: its config and command, its counts and time, the code, the
 * driver's hardware and resource use.
 *
 * @param config the sweep config, as run
 * @param command the command line that ran it
 * @param summary the one line it printed last
 * @param cells cells in the grid
 * @param reused cells found finished
 * @param failed cells that failed
 * @param seconds this run's wall time
 * @param codeVersion the code that ran it
 * @param hardware the driver's hardware
 * @param resources the driver's resource use
 */
public record SweepSummary(
    JsonNode config,
    String command,
    String summary,
    int cells,
    int reused,
    int failed,
    double seconds,
    String codeVersion,
    Hardware hardware,
    Resources resources) {
  /** Its file's name in a sweep output. */
  public static final String FILE = "sweep.json";

  /** The summary as pretty-printed JSON. */
  public byte[] toJson() {
    return RecordJson.write(this);
  }
}
