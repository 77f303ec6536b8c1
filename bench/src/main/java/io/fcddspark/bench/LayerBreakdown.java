package io.fcddspark.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Forward and backward time of each layer of a network in training mode, layer by layer as the
 * network runs them (with their helpers and preprocessors), averaged over repetitions. All arrays
 * live in one workspace that is reused from the second repetition on, as the network's own
 * workspaces are, so no timing includes fresh off-heap allocation (page faults would otherwise
 * double the numbers).
 */
final class LayerBreakdown {
  /** One layer's share. */
  record Row(int index, String layer, double forwardMs, double backwardMs) {}

  private static final String WORKSPACE = "FCDD_LAYER_BREAKDOWN";

  private LayerBreakdown() {}

  static List<Row> measure(MultiLayerNetwork net, DataSet data, int repetitions) {
    Layer[] layers = net.getLayers();
    int n = layers.length;
    double[] fwd = new double[n];
    double[] bwd = new double[n];
    WorkspaceConfiguration wsConf =
        WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .build();
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.builder().defaultWorkspace(WORKSPACE, wsConf).build();
    mgr.setHelperWorkspacePointers(new java.util.HashMap<>());
    for (int rep = -2; rep < repetitions; rep++) { // two warm-up rounds: learn, then reuse
      MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(wsConf, WORKSPACE);
      try {
        pass(
            layers, net, data, mgr, rep >= 0 ? fwd : new double[n], rep >= 0 ? bwd : new double[n]);
      } finally {
        ws.close();
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = layers[i].getClass().getSimpleName();
      String helper = layers[i].getHelper() == null ? "" : " (oneDNN)";
      rows.add(new Row(i, name + helper, fwd[i] / repetitions, bwd[i] / repetitions));
    }
    return rows;
  }

  private static void pass(
      Layer[] layers,
      MultiLayerNetwork net,
      DataSet data,
      LayerWorkspaceMgr mgr,
      double[] fwd,
      double[] bwd) {
    int n = layers.length;
    {
      INDArray a = data.getFeatures();
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
        if (pre != null) {
          a = pre.preProcess(a, (int) a.size(0), mgr);
        }
        layers[i].setInput(a, mgr);
        if (layers[i] instanceof IOutputLayer out) {
          out.setLabels(data.getLabels());
          out.computeScore(0, true, mgr);
        } else {
          a = layers[i].activate(true, mgr);
        }
        fwd[i] += (System.nanoTime() - t0) / 1e6;
      }
      INDArray eps = null;
      for (int i = n - 1; i >= 0; i--) {
        long t0 = System.nanoTime();
        eps = layers[i].backpropGradient(eps, mgr).getSecond();
        InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
        if (pre != null && eps != null) {
          eps = pre.backprop(eps, (int) eps.size(0), mgr);
        }
        bwd[i] += (System.nanoTime() - t0) / 1e6;
      }
    }
  }

  static String markdown(List<Row> rows) {
    StringBuilder sb =
        new StringBuilder("| # | layer | forward ms | backward ms |\n|---|---|---|---|\n");
    double f = 0;
    double b = 0;
    for (Row r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %.1f | %.1f |%n",
              r.index(),
              r.layer(),
              r.forwardMs(),
              r.backwardMs()));
      f += r.forwardMs();
      b += r.backwardMs();
    }
    sb.append(String.format(Locale.ROOT, "| | total | %.1f | %.1f |%n", f, b));
    return sb.toString();
  }
}
