package io.fcddspark.spark.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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
 * id when it starts, and each task its GPU binding, so that a run can record which JVMs and devices
 * did its work.
 */
public final class ExecutorProcesses implements SparkPlugin {
  private static final Map<SparkContext, Map<String, ProcessInfo>> BY_CONTEXT =
      Collections.synchronizedMap(new WeakHashMap<>());
  private static final Map<SparkContext, List<TaskGpuBinding>> BINDINGS =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** This executor's channel to the driver (the latest executor started in this JVM). */
  private static volatile PluginContext executorContext;

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

  /** The GPU bindings the tasks of {@code sc} have reported so far, in arrival order. */
  public static List<TaskGpuBinding> gpuBindings(SparkContext sc) {
    List<TaskGpuBinding> bindings = BINDINGS.get(sc);
    if (bindings == null) {
      return List.of();
    }
    synchronized (bindings) {
      return List.copyOf(bindings);
    }
  }

  /**
   * Tells the driver a task's GPU binding, from an executor where the plugin runs, and waits for it
   * to be recorded (so a finished job's bindings are all in); returns whether it was told.
   */
  public static boolean report(TaskGpuBinding binding) {
    PluginContext ctx = executorContext;
    if (ctx == null) {
      return false;
    }
    try {
      ctx.ask(binding);
      return true;
    } catch (Exception e) {
      throw new IllegalStateException(
          "Cannot report task " + binding.taskAttemptId() + "'s GPU binding to the driver", e);
    }
  }

  private static final class Driver implements DriverPlugin {
    private Map<String, ProcessInfo> executors;
    private List<TaskGpuBinding> bindings;

    @Override
    public Map<String, String> init(SparkContext sc, PluginContext pluginContext) {
      executors = new ConcurrentHashMap<>();
      bindings = Collections.synchronizedList(new ArrayList<>());
      BY_CONTEXT.put(sc, executors);
      BINDINGS.put(sc, bindings);
      return Map.of();
    }

    @Override
    public Object receive(Object message) {
      if (message instanceof ProcessInfo p) {
        executors.put(p.executorId(), p);
      } else if (message instanceof TaskGpuBinding b) {
        bindings.add(b);
        return Boolean.TRUE;
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
        executorContext = ctx;
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot tell the driver executor " + ctx.executorID() + "'s process id", e);
      }
    }
  }
}
