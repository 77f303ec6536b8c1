package io.fcddspark.bench;

import io.fcddspark.nets.FcddArchitecture;
import io.fcddspark.nets.LayerSpec;

/**
 * Floating-point operations of an FCDD net per image, from its layer list: a convolution costs
 * {@code 2 * Cin * Cout * k^2 * Hout * Wout} forward (multiply and add); a training step costs
 * three times the forward (forward, gradient of the input, gradient of the weights). Pooling,
 * BatchNorm and activations are memory-bound and not counted.
 */
final class NetFlops {
  private NetFlops() {}

  static double forward(FcddArchitecture arch) {
    double flops = 0;
    int side = arch.input().width();
    for (LayerSpec l : arch.fcddLayers()) {
      if (l instanceof LayerSpec.Conv c) {
        side = (side + 2 * c.padding() - c.kernel()) / c.stride() + 1;
        flops += 2.0 * c.inChannels() * c.outChannels() * c.kernel() * c.kernel() * side * side;
      } else if (l instanceof LayerSpec.MaxPool p) {
        side = (side + 2 * p.padding() - p.kernel()) / p.stride() + 1;
      }
    }
    return flops;
  }

  static double trainStep(FcddArchitecture arch) {
    return 3 * forward(arch);
  }
}
