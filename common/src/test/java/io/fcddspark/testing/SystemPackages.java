package io.fcddspark.testing;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (a Debian package: a dataset, fonts, a browser). Under CI
 * ({@code CI=true}) a missing one fails the test with a line naming what to install, so CI never
 * passes by skipping; elsewhere the test is skipped with that line on standard error.
 */
public final class SystemPackages {
  private SystemPackages() {}

  /** Whether this run is CI's: the environment variable {@code CI} is set and not "false". */
  public static boolean underCi() {
    String ci = System.getenv("CI");
    return ci != null && !ci.isBlank() && !ci.strip().equalsIgnoreCase("false");
  }

  /**
   * Goes on when {@code present}; otherwise fails under CI and skips elsewhere, naming the Debian
   * {@code debianPackage} that provides {@code what}.
   */
  public static void require(boolean present, String debianPackage, String what) {
    if (present) {
      return;
    }
    String line =
        what
            + " is missing: install Debian's "
            + debianPackage
            + " (apt-get install "
            + debianPackage
            + "; .ci/run does)";
    if (underCi()) {
      fail("CI=true: " + line);
    }
    System.err.println("SKIPPED: " + line);
    Assumptions.abort(line);
  }
}
