package io.fcddspark.bench;

import io.fcddspark.nets.FcddArchitecture;
import io.fcddspark.nets.FcddNetworkFactory;
import io.fcddspark.nets.NetworkOptions;
import io.fcddspark.nets.Safetensors;
import io.fcddspark.nets.TorchvisionFeatureWeights;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks the VGG11-BN import against torchvision itself: loads weights exported by {@code
 * bin/export-vgg11-bn.py --random SEED --probe PROBE}, runs our trunk in inference mode on the
 * probe's input and compares with torchvision's {@code features[:21]} output; writes the result
 * into the "vgg-import" section of a Markdown file.
 *
 * <p>Arguments: weights, probe, Markdown file.
 */
public final class VggImportCheck {
  private VggImportCheck() {}

  public static void main(String[] args) throws Exception {
    Map<String, Safetensors.Tensor> weights = read(Path.of(args[0]));
    Map<String, Safetensors.Tensor> probe = read(Path.of(args[1]));
    FcddArchitecture vgg = FcddArchitecture.VGG11_BN;
    MultiLayerNetwork net = FcddNetworkFactory.fcdd(vgg, NetworkOptions.fashionMnistDefaults(1));
    TorchvisionFeatureWeights.load(net, vgg, weights, args[0]);
    Safetensors.Tensor in = probe.get("input");
    Safetensors.Tensor expected = probe.get("output");
    INDArray x = Nd4j.create(in.values(), in.shape(), 'c').castTo(DataType.FLOAT);
    // The trunk ends before FCDD's final 1x1 convolution and the loss layer.
    int trunkEnd = net.getnLayers() - 3;
    INDArray y = net.feedForwardToLayer(trunkEnd, x, false).get(trunkEnd + 1);
    float[] got = y.dup('c').data().asFloat();
    double maxAbs = 0;
    double maxRef = 0;
    for (int i = 0; i < got.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(got[i] - expected.values()[i]));
      maxRef = Math.max(maxRef, Math.abs(expected.values()[i]));
    }
    String shape = java.util.Arrays.toString(y.shape());
    String report =
        String.format(
            "### VGG11-BN import checked against torchvision%n%n"
                + "`%s` (torchvision's own random init, BatchNorm statistics set, exported with"
                + " `bin/export-vgg11-bn.py`): our VGG11-BN trunk in inference mode on the probe's"
                + " two 224×224 inputs gives output %s with a largest absolute difference of"
                + " %.3g from torchvision's `features[:21]` (largest output magnitude %.3g,"
                + " relative %.2g).%n",
            System.getProperty("fcdd.bench.command", "VggImportCheck"),
            shape,
            maxAbs,
            maxRef,
            maxAbs / maxRef);
    System.out.print(report);
    DocSections.replace(Path.of(args[2]), "vgg-import", report);
    if (!(got.length == expected.values().length && maxAbs / maxRef < 1e-4)) {
      System.err.println("VGG11-BN import differs from torchvision");
      System.exit(1);
    }
  }

  private static Map<String, Safetensors.Tensor> read(Path p) throws Exception {
    try (InputStream in = Files.newInputStream(p)) {
      return Safetensors.read(in, p.toString());
    }
  }
}
