package io.fcddspark.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of the code that is running: the build's version and the git commit it was built from
 * (recorded at build time in {@code git.properties} by git-commit-id-maven-plugin), with "dirty"
 * when the work tree had uncommitted changes.
 *
 * @param version the Maven version, or "unknown"
 * @param commit the full commit id, or "unknown" (built outside a git clone)
 * @param dirty whether the build had uncommitted changes
 */
public record CodeVersion(String version, String commit, boolean dirty) {
  private static final CodeVersion CURRENT = read();

  /** The running code's version. */
  public static CodeVersion current() {
    return CURRENT;
  }

  /** E.g. {@code 0.1.0-SNAPSHOT@2d89ead1 (dirty)}. */
  @Override
  public String toString() {
    String shortCommit = commit.length() > 8 ? commit.substring(0, 8) : commit;
    return version + "@" + shortCommit + (dirty ? " (dirty)" : "");
  }

  private static CodeVersion read() {
    Properties p = new Properties();
    try (InputStream in = CodeVersion.class.getResourceAsStream("git.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the build's git.properties", e);
    }
    return new CodeVersion(
        p.getProperty("git.build.version", "unknown"),
        p.getProperty("git.commit.id.full", "unknown"),
        Boolean.parseBoolean(p.getProperty("git.dirty", "false")));
  }
}
