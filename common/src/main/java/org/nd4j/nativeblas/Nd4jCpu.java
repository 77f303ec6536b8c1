package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Compatibility shim, the one place where fcdd-spark works around DL4J 1.0.0-M2.1's disabled oneDNN
 * layer helpers (see {@code io.fcddspark.dl4j.OneDnnHelpers} and docs/stack.md).
 *
 * <p>{@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled()} looks up, by
 * reflection, {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()}. ND4J
 * M2.1 renamed that class to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment} and
 * the method to {@code isUseONEDNN()}, so the lookup fails and every oneDNN helper is silently
 * dropped. This class answers under the old name and delegates to the new one. A test fails when a
 * DL4J upgrade makes it unnecessary (the old name exists in ND4J again) or wrong (the new one is
 * gone).
 */
public final class Nd4jCpu {
  /** The renamed class this shim delegates to. */
  public static final String RENAMED_ENVIRONMENT =
      "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";

  private Nd4jCpu() {}

  /** Stands in for ND4J's native environment under its pre-M2.1 name. */
  public static final class Environment {
    private static final Environment INSTANCE = new Environment();

    private Environment() {}

    /** The singleton, as the native class has. */
    public static Environment getInstance() {
      return INSTANCE;
    }

    /**
     * Whether libnd4j runs with oneDNN, asked of the renamed native environment.
     *
     * @throws IllegalStateException when the CPU backend's environment class is not on the class
     *     path (for example under the CUDA backend, where DL4J never asks)
     */
    public boolean isUseMKLDNN() {
      try {
        Class<?> env = Class.forName(RENAMED_ENVIRONMENT);
        Method getInstance = env.getMethod("getInstance");
        Object instance = getInstance.invoke(null);
        return (Boolean) env.getMethod("isUseONEDNN").invoke(instance);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(
            "Cannot ask ND4J whether oneDNN is in use: " + RENAMED_ENVIRONMENT + " is missing", e);
      }
    }
  }
}
