package io.fcddspark.spark.cli;

import picocli.CommandLine;

/** {@code fcdd --version}: the jar's version, "development" when run from classes. */
final class JarVersion implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = JarVersion.class.getPackage().getImplementationVersion();
    return new String[] {"fcdd-spark " + (v == null ? "development" : v)};
  }
}
