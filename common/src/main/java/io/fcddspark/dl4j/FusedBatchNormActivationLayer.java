package io.fcddspark.dl4j;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * BatchNorm + (leaky) ReLU in one layer ({@link FusedBatchNormKernels}), replacing DL4J's
 * BatchNormalization (with its oneDNN helper) followed by an ActivationLayer.
 *
 * <p>Running statistics follow DL4J M2.1 exactly: they are "gradients" that the NoOp updater
 * subtracts, {@code dMean = (1 - decay) (mean - batchMean)} and {@code dLog10Std = ln(var / var') /
 * (2 ln 10)} with {@code var' = decay var + (1 - decay) batchVar}, which stays correct under
 * parameter averaging. Inference uses {@code sqrt(runningVar + eps)} as DL4J does.
 */
public class FusedBatchNormActivationLayer extends BatchNormalization {
  private static final long serialVersionUID = 1L;
  private static final double ONE_ON_2LOGE_10 = 1.0 / (2 * Math.log(10.0));

  private double[] batchMean;
  private double[] batchVar;

  public FusedBatchNormActivationLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  private FusedBatchNormActivation fusedConf() {
    return (FusedBatchNormActivation) layerConf();
  }

  /** None: this layer is its own fast path (see {@link OneDnnHelpers#layersWithoutHelper}). */
  @Override
  public LayerHelper getHelper() {
    return null;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    return preOutput(input, training ? TrainingMode.TRAIN : TrainingMode.TEST, workspaceMgr);
  }

  @Override
  public INDArray preOutput(INDArray x, TrainingMode training, LayerWorkspaceMgr workspaceMgr) {
    checkInput(x);
    INDArray in = contiguous(x);
    INDArray out =
        workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, in.dataType(), in.shape(), 'c');
    FusedBatchNormActivation conf = fusedConf();
    double[] gamma = getParam(BatchNormalizationParamInitializer.GAMMA).toDoubleVector();
    double[] beta = getParam(BatchNormalizationParamInitializer.BETA).toDoubleVector();
    NchwFloats xs = NchwFloats.of(in);
    NchwFloats ys = NchwFloats.of(out);
    if (training == TrainingMode.TRAIN) {
      batchMean = new double[xs.channels()];
      batchVar = new double[xs.channels()];
      FusedBatchNormKernels.forwardTrain(
          xs, ys, gamma, beta, conf.getEps(), conf.getNegativeSlope(), batchMean, batchVar);
    } else {
      FusedBatchNormKernels.forwardInference(
          xs, ys, gamma, beta, conf.getEps(), conf.getNegativeSlope(), runningMean(), runningVar());
    }
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    if (batchMean == null) {
      throw new IllegalStateException(
          "Cannot backpropagate through " + layerId() + ": no training-mode forward pass before");
    }
    FusedBatchNormActivation conf = fusedConf();
    INDArray in = contiguous(input);
    INDArray eps = contiguous(epsilon.castTo(in.dataType()));
    INDArray dx =
        workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, in.dataType(), in.shape(), 'c');
    int channels = (int) in.size(1);
    double[] dGamma = new double[channels];
    double[] dBeta = new double[channels];
    FusedBatchNormKernels.backward(
        NchwFloats.of(in),
        NchwFloats.of(eps),
        NchwFloats.of(dx),
        getParam(BatchNormalizationParamInitializer.GAMMA).toDoubleVector(),
        getParam(BatchNormalizationParamInitializer.BETA).toDoubleVector(),
        conf.getEps(),
        conf.getNegativeSlope(),
        batchMean,
        batchVar,
        dGamma,
        dBeta);

    Gradient g = new DefaultGradient();
    INDArray dGammaView = gradientViews.get(BatchNormalizationParamInitializer.GAMMA);
    INDArray dBetaView = gradientViews.get(BatchNormalizationParamInitializer.BETA);
    assignVector(dGammaView, dGamma);
    assignVector(dBetaView, dBeta);
    g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
    g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
    runningStatisticUpdates(g, conf.getDecay());
    batchMean = null;
    batchVar = null;
    return new Pair<>(g, dx);
  }

  private void runningStatisticUpdates(Gradient g, double decay) {
    double[] mean = getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).toDoubleVector();
    double[] dMean = new double[mean.length];
    for (int c = 0; c < mean.length; c++) {
      dMean[c] = (1 - decay) * (mean[c] - batchMean[c]);
    }
    INDArray dMeanView = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_MEAN);
    assignVector(dMeanView, dMean);
    g.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_MEAN, dMeanView);
    if (fusedConf().isUseLogStd()) {
      double[] var = runningVar();
      double[] dLog = new double[var.length];
      for (int c = 0; c < var.length; c++) {
        double next = decay * var[c] + (1 - decay) * batchVar[c];
        dLog[c] = Math.log(var[c] / next) * ONE_ON_2LOGE_10;
      }
      INDArray view = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
      assignVector(view, dLog);
      g.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_LOG_STD, view);
    } else {
      double[] var = getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).toDoubleVector();
      double[] dVar = new double[var.length];
      for (int c = 0; c < var.length; c++) {
        dVar[c] = (1 - decay) * (var[c] - batchVar[c]);
      }
      INDArray view = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_VAR);
      assignVector(view, dVar);
      g.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_VAR, view);
    }
  }

  private double[] runningMean() {
    return getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).toDoubleVector();
  }

  private double[] runningVar() {
    if (fusedConf().isUseLogStd()) {
      double[] log10Std =
          getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).toDoubleVector();
      double[] var = new double[log10Std.length];
      for (int c = 0; c < var.length; c++) {
        double std = Math.pow(10, log10Std[c]);
        var[c] = std * std;
      }
      return var;
    }
    return getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).toDoubleVector();
  }

  private void checkInput(INDArray x) {
    if (dataType != DataType.FLOAT) {
      throw new IllegalStateException(
          String.format(
              "%s is FLOAT only (network data type %s); build %s networks with"
                  + " LayerImplementation.DL4J",
              layerId(), dataType, dataType));
    }
    if (x.rank() != 4 || fusedConf().getCnn2DFormat() != CNN2DFormat.NCHW) {
      throw new IllegalArgumentException(
          String.format(
              "%s takes NCHW convolution activations, got shape %s (format %s)",
              layerId(), java.util.Arrays.toString(x.shape()), fusedConf().getCnn2DFormat()));
    }
    if (x.size(1) != fusedConf().getNOut()) {
      throw new IllegalArgumentException(
          String.format(
              "%s expects %d channels, got input of shape %s",
              layerId(), fusedConf().getNOut(), java.util.Arrays.toString(x.shape())));
    }
  }

  private INDArray contiguous(INDArray a) {
    INDArray typed = a.castTo(dataType);
    return NchwFloats.needsCopy(typed) ? typed.dup('c') : typed;
  }

  private static void assignVector(INDArray view, double[] values) {
    for (int i = 0; i < values.length; i++) {
      view.putScalar(i, values[i]);
    }
  }
}
