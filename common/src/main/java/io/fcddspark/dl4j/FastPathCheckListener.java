package io.fcddspark.dl4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, where a network actually trains (the driver, or a Spark executor's task, to which
 * dl4j-spark ships its listeners), that the fast path is in place: every layer that can have a
 * oneDNN helper has one. It checks once per network instance, at its first iteration, logs the
 * result with the thread and the layer classes, and fails the task if a helper is missing (a
 * 5&ndash;8&times; slowdown is a configuration error, not a warning to scroll past). Each check is
 * also recorded in this JVM ({@link #observations()}), which tests in Spark local mode read.
 */
public final class FastPathCheckListener extends BaseTrainingListener implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(FastPathCheckListener.class);
  private static final Queue<Observation> OBSERVATIONS = new ConcurrentLinkedQueue<>();

  private transient Model checked;

  /**
   * One check.
   *
   * @param thread the thread that trained (Spark: "Executor task launch worker ...")
   * @param layers the network's layer classes, in order
   * @param missing layers that could have a oneDNN helper but have none
   */
  public record Observation(String thread, List<String> layers, List<String> missing) {}

  /** The checks made in this JVM so far. */
  public static List<Observation> observations() {
    return List.copyOf(OBSERVATIONS);
  }

  @Override
  public void iterationDone(Model model, int iteration, int epoch) {
    if (model == checked || !(model instanceof MultiLayerNetwork net)) {
      return;
    }
    checked = model;
    List<String> layers = new ArrayList<>();
    for (Layer l : net.getLayers()) {
      layers.add(l.getClass().getSimpleName());
    }
    List<String> missing =
        OneDnnHelpers.cpuBackend() ? OneDnnHelpers.layersWithoutHelper(net) : List.of();
    Observation o = new Observation(Thread.currentThread().getName(), layers, missing);
    OBSERVATIONS.add(o);
    if (!missing.isEmpty()) {
      LOG.error("Fast path NOT active in {}: no oneDNN helper for {}", o.thread(), missing);
      throw new IllegalStateException(
          "oneDNN helpers are not active for layers "
              + missing
              + " in "
              + o.thread()
              + ": set -D"
              + OneDnnHelpers.DISABLE_PROPERTY
              + "=false in spark.executor.extraJavaOptions (submit/jvm-options.sh)");
    }
    LOG.info("Fast path active in {}: {}", o.thread(), layers);
  }
}
