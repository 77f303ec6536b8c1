package io.fcddspark.loss;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.dl4j.HostKernels;
import io.fcddspark.loss.FcddObjective.Reduction;
import io.fcddspark.nets.FcddNetworkFactory;
import io.fcddspark.nets.Head;
import io.fcddspark.nets.ImageShape;
import io.fcddspark.nets.LayerSpec;
import io.fcddspark.nets.NetworkOptions;
import io.fcddspark.nets.Objective;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Finite-difference gradient checks, in double precision: of the loss functions alone, and of whole
 * small networks through DL4J's {@link GradientCheckUtil}.
 */
class LossGradientCheckTest {
  private static final double EPSILON = 1e-6;
  private static final double MAX_RELATIVE_ERROR = 1e-5;
  private static final double MIN_ABSOLUTE_ERROR = 1e-9;

  private static DataType defaultType;
  private static DataType defaultFloatType;

  @BeforeAll
  static void doublePrecision() {
    defaultType = Nd4j.dataType();
    defaultFloatType = Nd4j.defaultFloatingPointType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  @AfterAll
  static void restorePrecision() {
    Nd4j.setDefaultDataTypes(defaultType, defaultFloatType);
  }

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void sampleLossGradientMatchesFiniteDifferences(Reduction reduction) {
    INDArray z = randn(6, 9, 11);
    INDArray y = Nd4j.create(new double[][] {{0}, {1}, {0}, {1}, {1}, {0}});
    checkLossFunction(new FcddLossFunction(reduction), z, y);
  }

  @Test
  void pixelLossGradientMatchesFiniteDifferences() {
    // a 4x4 heatmap, r = 6, j = 2 on 10x10 images
    FcddPixelLossFunction loss = new FcddPixelLossFunction(4, 4, 10, 10, 6, 2, 1.5, 1.2);
    INDArray z = randn(3, 16, 5);
    Random r = new Random(3);
    double[][] masks = new double[3][100];
    for (double[] m : masks) {
      for (int p = 0; p < m.length; p++) {
        m[p] = r.nextDouble() < 0.3 ? 1 : 0;
      }
    }
    java.util.Arrays.fill(masks[2], 0); // one nominal image
    checkLossFunction(loss, z, Nd4j.create(masks));
  }

  /** The same checks on the ND4J-operations path that non-CPU backends take (forced here). */
  @Test
  void theNd4jOperationsPathPassesTheSameChecks() {
    System.setProperty(HostKernels.PROPERTY, "DL4J");
    try {
      for (Reduction reduction : Reduction.values()) {
        sampleLossGradientMatchesFiniteDifferences(reduction);
      }
      pixelLossGradientMatchesFiniteDifferences();
      wholePixelLossNetworkPassesDl4jGradientCheck();
    } finally {
      System.clearProperty(HostKernels.PROPERTY);
    }
  }

  @Test
  void wholeFcddNetworkPassesDl4jGradientCheck() {
    MultiLayerNetwork net = tinyNet(Head.fcdd(), Objective.sampleLabels());
    INDArray x = randn(4, 1 * 8 * 8, 21).reshape(4, 1, 8, 8);
    INDArray y = Nd4j.create(new double[][] {{0}, {1}, {0}, {1}});
    assertThat(check(net, x, y)).isTrue();
  }

  @Test
  void wholeHscNetworkPassesDl4jGradientCheck() {
    MultiLayerNetwork net = tinyNet(Head.hsc(3), Objective.sampleLabels());
    INDArray x = randn(4, 64, 22).reshape(4, 1, 8, 8);
    INDArray y = Nd4j.create(new double[][] {{1}, {0}, {0}, {1}});
    assertThat(check(net, x, y)).isTrue();
  }

  @Test
  void wholePixelLossNetworkPassesDl4jGradientCheck() {
    MultiLayerNetwork net = tinyNet(Head.fcdd(), new Objective.PixelMasks(1.2));
    // An input whose LeakyReLU and max-pool kinks lie farther than ε from every parameter.
    INDArray x = randn(2, 64, 24).reshape(2, 1, 8, 8);
    double[][] masks = new double[2][64];
    for (int p = 0; p < 64; p++) {
      masks[1][p] = (p / 8 >= 2 && p / 8 < 5 && p % 8 >= 3) ? 1 : 0;
    }
    assertThat(check(net, x, Nd4j.create(masks))).isTrue();
  }

  private static boolean check(MultiLayerNetwork net, INDArray x, INDArray y) {
    return GradientCheckUtil.checkGradients(
        new GradientCheckUtil.MLNConfig()
            .net(net)
            .input(x)
            .labels(y)
            .epsilon(EPSILON)
            .maxRelError(MAX_RELATIVE_ERROR)
            .minAbsoluteError(MIN_ABSOLUTE_ERROR)
            .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
            .exitOnFirstError(false));
  }

  /** conv 3x3 (pad 1) 1->2, LeakyReLU, maxpool 2, conv 3x3 (pad 1) 2->2, then the head. */
  private static MultiLayerNetwork tinyNet(Head head, Objective objective) {
    List<LayerSpec> trunk =
        List.of(
            LayerSpec.Conv.of(1, 2, 3, 1),
            new LayerSpec.Activation(LayerSpec.Activation.Kind.LEAKY_RELU),
            new LayerSpec.MaxPool(2, 2, 0),
            LayerSpec.Conv.of(2, 2, 3, 1));
    NetworkOptions options = new NetworkOptions(12345, new NoOp(), 0.0, DataType.DOUBLE);
    MultiLayerNetwork net =
        new MultiLayerNetwork(
            FcddNetworkFactory.configuration(
                new ImageShape(1, 8, 8), trunk, head, objective, options));
    net.init();
    return net;
  }

  private static void checkLossFunction(ILossFunction loss, INDArray z, INDArray y) {
    ActivationIdentity id = new ActivationIdentity();
    INDArray grad = loss.computeGradient(y, z, id, null);
    Supplier<Double> score = () -> loss.computeScore(y, z, id, null, false);
    for (int i = 0; i < z.size(0); i++) {
      for (int j = 0; j < z.size(1); j++) {
        double orig = z.getDouble(i, j);
        z.putScalar(i, j, orig + EPSILON);
        double plus = score.get();
        z.putScalar(i, j, orig - EPSILON);
        double minus = score.get();
        z.putScalar(i, j, orig);
        double numeric = (plus - minus) / (2 * EPSILON);
        double analytic = grad.getDouble(i, j);
        double err = Math.abs(numeric - analytic);
        double rel = err / Math.max(Math.abs(numeric) + Math.abs(analytic), 1e-300);
        assertThat(err < MIN_ABSOLUTE_ERROR || rel < MAX_RELATIVE_ERROR)
            .as("%s d/dz[%d,%d]: numeric %s vs analytic %s", loss.name(), i, j, numeric, analytic)
            .isTrue();
      }
    }
  }

  private static INDArray randn(int rows, int cols, long seed) {
    Random r = new Random(seed);
    double[][] v = new double[rows][cols];
    for (double[] row : v) {
      for (int j = 0; j < cols; j++) {
        row[j] = r.nextGaussian();
      }
    }
    return Nd4j.create(v);
  }
}
