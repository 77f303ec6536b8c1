package io.fcddspark.spark.train;

import io.fcddspark.dl4j.PackedArray;
import java.io.Serializable;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's broadcast of an averaging round (configuration, parameters, updater state) that travels to
 * other processes with its arrays in bulk ({@link PackedArray}), not through ND4J's
 * element-by-element serialization; executors read it back as a plain {@link NetBroadcastTuple}.
 */
final class PackedNetBroadcast extends NetBroadcastTuple {
  private static final long serialVersionUID = 1L;

  PackedNetBroadcast(
      MultiLayerConfiguration configuration, INDArray parameters, INDArray updaterState) {
    super(configuration, parameters, updaterState);
  }

  private Object writeReplace() {
    return new Packed(
        getConfiguration(), PackedArray.of(getParameters()), PackedArray.of(getUpdaterState()));
  }

  /** The serialized form. */
  private record Packed(
      MultiLayerConfiguration configuration, PackedArray parameters, PackedArray updaterState)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    private Object readResolve() {
      return new NetBroadcastTuple(
          configuration, PackedArray.unpack(parameters), PackedArray.unpack(updaterState));
    }
  }
}
