package io.fcddspark.dl4j;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DL4J's oneDNN layer helpers (MKLDNNConvHelper, MKLDNNBatchNormHelper, MKLDNNSubsamplingHelper):
 * without them DL4J 1.0.0-M2.1 runs convolutions as im2col + gemm, 5&ndash;8&times; slower than
 * PyTorch on the same CPU.
 *
 * <p>Two things keep them off in M2.1: helper creation is disabled unless the system property
 * {@value #DISABLE_PROPERTY} is {@code false} (it is read each time a layer is created), and the
 * backend check looks for a renamed class, which {@link org.nd4j.nativeblas.Nd4jCpu} provides.
 * {@link #enable()} sets the property; {@link #requireActive} checks a built network.
 */
public final class OneDnnHelpers {
  /** DL4J's switch: helpers are created only when this property is {@code false}. */
  public static final String DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

  private static final Logger LOG = LoggerFactory.getLogger(OneDnnHelpers.class);

  private OneDnnHelpers() {}

  /** Lets layers created from now on in this JVM get their helpers. Idempotent. */
  public static void enable() {
    System.setProperty(DISABLE_PROPERTY, "false");
  }

  /** Whether ND4J runs on the CPU backend, the only one these helpers serve. */
  public static boolean cpuBackend() {
    return "CPU".equalsIgnoreCase(backendName());
  }

  /** ND4J's name for the backend this JVM runs ("CPU", "CUDA"). */
  public static String backendName() {
    return Nd4jBackendChoice.ofThisJvm().backend();
  }

  /**
   * Whether DL4J can give {@code layer} a oneDNN helper: DL4J's own convolution, pooling and
   * BatchNorm. Our fused BatchNorm and GEMM convolution are their own fast paths and need none.
   */
  public static boolean supportsHelper(Layer layer) {
    return (layer instanceof ConvolutionLayer && !(layer instanceof GemmConvolutionLayer))
        || layer instanceof SubsamplingLayer
        || (layer instanceof BatchNormalization
            && !(layer instanceof FusedBatchNormActivationLayer));
  }

  /** The layers of {@code net} that support a oneDNN helper but run without one. */
  public static List<String> layersWithoutHelper(MultiLayerNetwork net) {
    return layersWithoutHelper(net.getLayers());
  }

  /** The layers that support a oneDNN helper but run without one, as "index:Class". */
  public static List<String> layersWithoutHelper(Layer[] layers) {
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < layers.length; i++) {
      if (supportsHelper(layers[i]) && layers[i].getHelper() == null) {
        missing.add(i + ":" + layers[i].getClass().getSimpleName());
      }
    }
    return missing;
  }

  /**
   * Fails unless every helper-capable layer of {@code net} has its oneDNN helper (CPU backend only;
   * on other backends it logs and returns).
   *
   * @throws IllegalStateException naming the layers without a helper and the likely cause
   */
  public static void requireActive(MultiLayerNetwork net) {
    if (!cpuBackend()) {
      LOG.info("ND4J backend is not CPU: oneDNN helper check skipped");
      return;
    }
    List<String> missing = layersWithoutHelper(net);
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          String.format(
              "oneDNN helpers are not active for layers %s (system property %s=%s): this runs"
                  + " 5-8x slower. Build networks with FcddNetworkFactory, or set -D%s=false"
                  + " before any layer is created and keep fcdd-common on the class path.",
              missing,
              DISABLE_PROPERTY,
              System.getProperty(DISABLE_PROPERTY, "unset, i.e. true"),
              DISABLE_PROPERTY));
    }
  }
}
