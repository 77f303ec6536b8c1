package io.fcddspark.dl4j;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a BatchNorm layer fused with the (leaky) ReLU after it, computed by {@link
 * FusedBatchNormActivationLayer}. It is a DL4J {@link BatchNormalization} in everything else (its
 * parameters gamma, beta, running mean and log10 std; NoOp updaters and no regularisation for the
 * running statistics; JSON and Spark parameter averaging), so networks keep their parameter layout
 * and DL4J's semantics.
 */
public class FusedBatchNormActivation extends BatchNormalization {
  private static final long serialVersionUID = 1L;

  private double negativeSlope;

  /** For deserialisation; DL4J's BatchNorm defaults and slope 0 (ReLU). */
  public FusedBatchNormActivation() {
    super();
  }

  /**
   * BatchNorm over {@code channels} with {@code eps} and running-statistics {@code decay}, then
   * {@code y = z > 0 ? z : negativeSlope * z} (0.01: LeakyReLU; 0: ReLU).
   */
  public static FusedBatchNormActivation of(
      int channels, double eps, double decay, double negativeSlope) {
    if (!(negativeSlope >= 0 && negativeSlope <= 1)) {
      throw new IllegalArgumentException("Negative slope must be in [0, 1], got " + negativeSlope);
    }
    FusedBatchNormActivation layer = new FusedBatchNormActivation();
    layer.setNIn(channels);
    layer.setNOut(channels);
    layer.setEps(eps);
    layer.setDecay(decay);
    layer.setUseLogStd(true);
    layer.negativeSlope = negativeSlope;
    return layer;
  }

  /** Slope of the activation for negative inputs. */
  public double getNegativeSlope() {
    return negativeSlope;
  }

  @Override
  public Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    return Dl4jLayerWiring.wire(
        new FusedBatchNormActivationLayer(conf, networkDataType),
        this,
        conf,
        trainingListeners,
        layerIndex,
        layerParamsView,
        initializeParams);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FusedBatchNormActivation f
        && super.equals(o)
        && Double.compare(f.negativeSlope, negativeSlope) == 0;
  }

  @Override
  protected boolean canEqual(Object other) {
    return other instanceof FusedBatchNormActivation;
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + Double.hashCode(negativeSlope);
  }
}
