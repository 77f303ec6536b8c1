package io.fcddspark.spark.cluster;

import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One JVM of a Spark application, as provenance records it.
 *
 * @param executorId Spark's executor id ({@code driver} for the driver, and for the one executor of
 *     {@code local[N]})
 * @param host the host name the process runs on
 * @param pid its operating-system process id
 */
public record ProcessInfo(String executorId, String host, long pid) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** This JVM, as executor {@code executorId}. */
  static ProcessInfo current(String executorId) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown (" + e.getMessage() + ")";
    }
    return new ProcessInfo(executorId, host, ProcessHandle.current().pid());
  }
}
