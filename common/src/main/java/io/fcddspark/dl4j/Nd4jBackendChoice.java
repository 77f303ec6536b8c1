package io.fcddspark.dl4j;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ND4J backend this JVM runs, and why the CUDA backend was passed over where a {@code -Pcuda}
 * build holds both: ND4J loads the available backend of highest priority, so a driver or node
 * without a GPU (or without CUDA 11.6's libraries) runs the CPU backend from the same jar. ND4J
 * prints the CUDA backend's failure as a stack trace on {@code System.err}; the first load through
 * this class moves that into the log and keeps its first line as {@link #cudaSkipped}.
 *
 * @param backend ND4J's name for it ({@code CPU}, {@code CUDA})
 * @param cudaInBuild whether the CUDA backend is on the class path (a {@code -Pcuda} build)
 * @param cudaSkipped why ND4J did not load the CUDA backend, when it is in the build and the
 *     backend is not CUDA; null otherwise
 */
public record Nd4jBackendChoice(String backend, boolean cudaInBuild, String cudaSkipped) {
  /** ND4J's CUDA backend class, present only in {@code -Pcuda} builds. */
  public static final String CUDA_BACKEND_CLASS = "org.nd4j.linalg.jcublas.JCublasBackend";

  private static final Logger LOG = LoggerFactory.getLogger(Nd4jBackendChoice.class);
  private static volatile Nd4jBackendChoice loaded;

  /** Loads ND4J's backend on first use (see the type's comment); the same answer afterwards. */
  public static Nd4jBackendChoice ofThisJvm() {
    Nd4jBackendChoice choice = loaded;
    if (choice == null) {
      synchronized (Nd4jBackendChoice.class) {
        choice = loaded;
        if (choice == null) {
          choice = load();
          loaded = choice;
        }
      }
    }
    return choice;
  }

  /** Whether the CUDA backend is on this JVM's class path, without loading ND4J. */
  public static boolean cudaInThisBuild() {
    try {
      Class.forName(CUDA_BACKEND_CLASS, false, Nd4jBackendChoice.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Whether this JVM computes on ND4J's CPU backend. */
  public boolean cpu() {
    return "CPU".equalsIgnoreCase(backend);
  }

  /** Whether a {@code -Pcuda} build fell back to the CPU backend here. */
  public boolean fellBackToCpu() {
    return cudaInBuild && !"CUDA".equalsIgnoreCase(backend);
  }

  /** One line for consoles and logs: the backend, and for a fallback its reason. */
  public String describe() {
    if (!fellBackToCpu()) {
      return "ND4J backend " + backend;
    }
    return "ND4J backend "
        + backend
        + ": the CUDA backend in this build cannot run here ("
        + cudaSkipped
        + ")";
  }

  private static Nd4jBackendChoice load() {
    boolean cuda = cudaInThisBuild();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream err = System.err;
    String backend;
    if (cuda) {
      System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }
    try {
      backend = backendName();
    } finally {
      if (cuda) {
        System.setErr(err);
      }
    }
    String text = printed.toString(StandardCharsets.UTF_8).strip();
    if (!text.isEmpty()) {
      LOG.warn("ND4J printed while choosing its backend:\n{}", text);
    }
    String skipped = null;
    if (cuda && !"CUDA".equalsIgnoreCase(backend)) {
      skipped =
          text.isEmpty()
              ? "ND4J loaded before fcdd-spark asked: see this process's standard error"
              : text.lines().findFirst().orElseThrow().strip();
    }
    Nd4jBackendChoice choice = new Nd4jBackendChoice(backend, cuda, skipped);
    if (choice.fellBackToCpu()) {
      LOG.info("{}", choice.describe());
    } else {
      LOG.debug("{}", choice.describe());
    }
    return choice;
  }

  private static String backendName() {
    return String.valueOf(Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend"));
  }
}
