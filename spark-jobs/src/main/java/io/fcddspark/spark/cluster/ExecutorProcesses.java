package io.fcddspark.spark.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * A Spark plugin ({@code spark.plugins}) through which every executor tells the driver its process
 * id when it starts, so that a run can record which JVMs did its work.
 */
public final class ExecutorProcesses implements SparkPlugin {
  private static final Map<SparkContext, Map<String, ProcessInfo>> BY_CONTEXT =
      Collections.synchronizedMap(new WeakHashMap<>());

  @Override
  public DriverPlugin driverPlugin() {
    return new Driver();
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new Executor();
  }

  /**
   * The executors of {@code sc} that have started so far, by executor id; empty when the plugin is
   * not installed.
   */
  public static List<ProcessInfo> of(SparkContext sc) {
    Map<String, ProcessInfo> executors = BY_CONTEXT.get(sc);
    if (executors == null) {
      return List.of();
    }
    return executors.entrySet().stream()
        .sorted(Entry.comparingByKey())
        .map(Entry::getValue)
        .toList();
  }

  private static final class Driver implements DriverPlugin {
    private Map<String, ProcessInfo> executors;

    @Override
    public Map<String, String> init(SparkContext sc, PluginContext pluginContext) {
      executors = new ConcurrentHashMap<>();
      BY_CONTEXT.put(sc, executors);
      return Map.of();
    }

    @Override
    public Object receive(Object message) {
      if (message instanceof ProcessInfo p) {
        executors.put(p.executorId(), p);
      }
      return null;
    }
  }

  private static final class Executor implements ExecutorPlugin {
    @Override
    public void init(PluginContext ctx, Map<String, String> extraConf) {
      try {
        // The host from the JVM: ctx.hostname() fails on executors, whose RPC environment has no
        // address of its own (Spark 3.5).
        ctx.send(ProcessInfo.current(ctx.executorID()));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot tell the driver executor " + ctx.executorID() + "'s process id", e);
      }
    }
  }
}
