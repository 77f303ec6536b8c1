package io.fcddspark.nets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Random VGG11-BN feature tensors with torchvision's names and shapes, for tests. */
public final class VggWeightsFixture {
  private VggWeightsFixture() {}

  /** Every {@code features.*} tensor of torchvision's vgg11_bn, random, seeded. */
  public static Map<String, Safetensors.Tensor> random(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, Safetensors.Tensor> t = new LinkedHashMap<>();
    List<LayerSpec> trunk = FcddArchitecture.VGG11_BN.trunk();
    for (int i = 0; i < trunk.size(); i++) {
      String p = "features." + i + ".";
      if (trunk.get(i) instanceof LayerSpec.Conv c) {
        t.put(p + "weight", random(r, 0.2, c.outChannels(), c.inChannels(), 3, 3));
        t.put(p + "bias", random(r, 0.1, c.outChannels()));
      } else if (trunk.get(i) instanceof LayerSpec.BatchNorm b) {
        int n = b.channels();
        t.put(p + "weight", random(r, 0.5, n));
        t.put(p + "bias", random(r, 0.5, n));
        t.put(p + "running_mean", random(r, 0.3, n));
        Safetensors.Tensor var = random(r, 0.5, n);
        for (int k = 0; k < n; k++) {
          var.values()[k] = 0.5f + Math.abs(var.values()[k]);
        }
        t.put(p + "running_var", var);
        t.put(p + "num_batches_tracked", new Safetensors.Tensor(new long[0], new float[] {1}));
      }
    }
    return t;
  }

  private static Safetensors.Tensor random(SplittableRandom r, double scale, long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] v = new float[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
    }
    return new Safetensors.Tensor(shape, v);
  }
}
