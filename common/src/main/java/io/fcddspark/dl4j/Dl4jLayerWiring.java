package io.fcddspark.dl4j;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What every DL4J layer config's {@code instantiate} does after creating its layer. */
final class Dl4jLayerWiring {
  private Dl4jLayerWiring() {}

  /** Gives {@code layer} its listeners, index, parameter views and configuration. */
  static <T extends Layer> T wire(
      T layer,
      org.deeplearning4j.nn.conf.layers.Layer layerConf,
      NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners,
      int index,
      INDArray paramsView,
      boolean initializeParams) {
    layer.setListeners(listeners);
    layer.setIndex(index);
    layer.setParamsViewArray(paramsView);
    layer.setParamTable(layerConf.initializer().init(conf, paramsView, initializeParams));
    layer.setConf(conf);
    return layer;
  }
}
