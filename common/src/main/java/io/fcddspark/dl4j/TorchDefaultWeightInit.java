package io.fcddspark.dl4j;

import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PyTorch's default initialisation of conv and linear weights, which the reference uses: {@code
 * kaiming_uniform_(a = sqrt(5))}, i.e. uniform on {@code [-1/sqrt(fanIn), 1/sqrt(fanIn)]}. Draws
 * from ND4J's random generator, which DL4J seeds from the network configuration's seed.
 */
public final class TorchDefaultWeightInit implements IWeightInit {
  private static final long serialVersionUID = 1L;

  @Override
  public INDArray init(double fanIn, double fanOut, long[] shape, char order, INDArray paramView) {
    double bound = 1.0 / Math.sqrt(fanIn);
    Nd4j.getExecutioner().exec(new UniformDistribution(paramView, -bound, bound), Nd4j.getRandom());
    return paramView.reshape(order, shape);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TorchDefaultWeightInit;
  }

  @Override
  public int hashCode() {
    return TorchDefaultWeightInit.class.hashCode();
  }
}
