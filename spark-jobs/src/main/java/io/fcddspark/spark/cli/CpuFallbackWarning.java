package io.fcddspark.spark.cli;

import io.fcddspark.dl4j.Nd4jBackendChoice;
import java.util.List;

/** The launcher's one-line warning when a {@code -Pcuda} build runs on the CPU. */
final class CpuFallbackWarning {
  private CpuFallbackWarning() {}

  /**
   * In a {@code -Pcuda} build, loads ND4J's backend before the command and warns when it fell back
   * to the CPU (no GPU or no CUDA libraries here), saying why; help and version skip it.
   */
  static void printIfFellBack(String[] args) {
    for (String arg : args) {
      if (List.of("-h", "--help", "-V", "--version").contains(arg)) {
        return;
      }
    }
    if (Nd4jBackendChoice.cudaInThisBuild()) {
      Nd4jBackendChoice backend = Nd4jBackendChoice.ofThisJvm();
      if (backend.fellBackToCpu()) {
        System.err.println("fcdd: warning: " + backend.describe());
      }
    }
  }
}
