package io.fcddspark.spark.pipeline;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The driver's resource use so far, for the report's resource table: peak JVM heap (the sum of the
 * heap pools' peaks), peak resident memory of the process (Linux {@code VmHWM}, off-heap ND4J
 * buffers included) and the cores it sees.
 */
final class Resources {
  private Resources() {}

  static Map<String, Object> current() {
    long heap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        heap += pool.getPeakUsage().getUsed();
      }
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("peakHeapMiB", heap / (1024 * 1024));
    r.put("peakResidentMiB", residentPeakKib() / 1024);
    r.put("cores", Runtime.getRuntime().availableProcessors());
    r.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    return r;
  }

  /** VmHWM of /proc/self/status in KiB, or -1 off Linux. */
  private static long residentPeakKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
