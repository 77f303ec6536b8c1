package io.fcddspark.provenance;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The driver's resource use so far, for provenance and the report's resource table.
 *
 * @param peakHeapMiB peak JVM heap (the sum of the heap pools' peaks)
 * @param peakResidentMiB peak resident memory of the process (Linux {@code VmHWM}, off-heap ND4J
 *     buffers included), -1 off Linux
 * @param cores the cores the JVM sees
 * @param maxHeapMiB the JVM's maximum heap
 */
public record Resources(long peakHeapMiB, long peakResidentMiB, int cores, long maxHeapMiB) {

  /** This JVM's, now. */
  public static Resources current() {
    long heap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        heap += pool.getPeakUsage().getUsed();
      }
    }
    long resident = residentPeakKib();
    return new Resources(
        heap / (1024 * 1024),
        resident < 0 ? -1 : resident / 1024,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
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
