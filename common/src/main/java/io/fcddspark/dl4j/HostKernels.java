package io.fcddspark.dl4j;

import java.util.Locale;

/**
 * Whether this JVM runs the CPU's host kernels (the fused layers, the losses as loops over host
 * arrays) or only ND4J's own operations, which run where the arrays live (the device on CUDA). Host
 * kernels run on ND4J's CPU backend unless the system property {@value #PROPERTY} is {@code DL4J},
 * which forces the other branch on a CPU (tests, comparisons).
 */
public final class HostKernels {
  /** The system property that overrides the backend's choice: {@code FUSED} or {@code DL4J}. */
  public static final String PROPERTY = "fcdd.layers";

  private static volatile Boolean cpuBackend;

  private HostKernels() {}

  /**
   * Whether host kernels run here.
   *
   * @throws IllegalArgumentException when {@value #PROPERTY} is neither FUSED nor DL4J
   */
  public static boolean enabled() {
    String forced = System.getProperty(PROPERTY);
    if (forced != null && !forced.isBlank()) {
      switch (forced.trim().toUpperCase(Locale.ROOT)) {
        case "FUSED":
          return true;
        case "DL4J":
          return false;
        default:
          throw new IllegalArgumentException(
              String.format(
                  "System property %s=%s: expected one of [FUSED, DL4J]", PROPERTY, forced));
      }
    }
    Boolean cpu = cpuBackend;
    if (cpu == null) {
      cpu = OneDnnHelpers.cpuBackend();
      cpuBackend = cpu;
    }
    return cpu;
  }
}
