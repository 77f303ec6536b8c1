package io.fcddspark.dl4j;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A convolution as im2col + sgemm ({@link GemmConvolution}). With K = Cin&middot;k&middot;k and P =
 * Ho&middot;Wo, image n's column matrix {@code col_n} is (K+1)&times;P, its last row all ones, and
 * the weights with the bias appended {@code Wb} are Cout&times;(K+1):
 *
 * <ul>
 *   <li>forward: {@code out_n = Wb col_n}, written straight into the NCHW output;
 *   <li>backward: {@code dWb = sum_n dOut_n col_n^T} (weights and bias in one product), {@code
 *       dcol_n = Wb^T dOut_n}, scattered back by col2im into {@code dx_n}.
 * </ul>
 */
public class GemmConvolutionLayer extends ConvolutionLayer {
  private static final long serialVersionUID = 1L;

  public GemmConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** None: this layer is its own fast path. */
  @Override
  public LayerHelper getHelper() {
    return null;
  }

  /** Geometry of one call. */
  private record Geometry(
      int batch, int in, int out, int height, int width, int kernel, int stride, int pad) {
    int outHeight() {
      return (height + 2 * pad - kernel) / stride + 1;
    }

    int outWidth() {
      return (width + 2 * pad - kernel) / stride + 1;
    }

    int positions() {
      return outHeight() * outWidth();
    }

    int rows() {
      return in * kernel * kernel + 1; // + the bias row of ones
    }
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (input == null) {
      throw new IllegalArgumentException(
          "Cannot perform forward pass with null input " + layerId());
    }
    applyDropOutIfNecessary(training, workspaceMgr);
    INDArray x = contiguous(input);
    Geometry g = geometry(x);
    INDArray col =
        workspaceMgr.createUninitialized(
            ArrayType.FF_WORKING_MEM, DataType.FLOAT, g.batch(), g.rows(), g.positions());
    im2col(x, col, g);
    INDArray wb = weightsWithBias(g, workspaceMgr, ArrayType.FF_WORKING_MEM);
    INDArray out =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATIONS, DataType.FLOAT, g.batch(), g.out(), g.outHeight(), g.outWidth());
    INDArray out3 = out.reshape('c', g.batch(), g.out(), g.positions());
    for (int n = 0; n < g.batch(); n++) {
      Nd4j.gemm(wb, col.slice(n), out3.slice(n), false, false, 1.0, 0.0);
    }
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    INDArray x = contiguous(input);
    Geometry g = geometry(x);
    INDArray eps3 = contiguous(epsilon).reshape('c', g.batch(), g.out(), g.positions());
    INDArray col =
        workspaceMgr.createUninitialized(
            ArrayType.BP_WORKING_MEM, DataType.FLOAT, g.batch(), g.rows(), g.positions());
    im2col(x, col, g);
    INDArray wb = weightsWithBias(g, workspaceMgr, ArrayType.BP_WORKING_MEM);
    INDArray dWb = workspaceMgr.create(ArrayType.BP_WORKING_MEM, DataType.FLOAT, g.out(), g.rows());
    for (int n = 0; n < g.batch(); n++) {
      INDArray colN = col.slice(n);
      INDArray epsN = eps3.slice(n);
      Nd4j.gemm(epsN, colN, dWb, false, true, 1.0, 1.0);
      Nd4j.gemm(wb, epsN, colN, true, false, 1.0, 0.0); // colN now holds dcol_n
    }
    INDArray dx =
        workspaceMgr.create(
            ArrayType.ACTIVATION_GRAD, DataType.FLOAT, g.batch(), g.in(), g.height(), g.width());
    col2im(col, dx, g);

    INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
    INDArray biasGrad = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
    int k = g.rows() - 1;
    weightGrad.assign(dWb.get(all(), interval(0, k)).reshape('c', weightGrad.shape()));
    biasGrad.assign(dWb.getColumn(k).reshape(biasGrad.shape()));
    Gradient grad = new DefaultGradient();
    grad.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
    grad.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');
    weightNoiseParams.clear();
    return new Pair<>(grad, dx);
  }

  private static org.nd4j.linalg.indexing.INDArrayIndex all() {
    return org.nd4j.linalg.indexing.NDArrayIndex.all();
  }

  private static org.nd4j.linalg.indexing.INDArrayIndex interval(int from, int to) {
    return org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to);
  }

  private INDArray weightsWithBias(Geometry g, LayerWorkspaceMgr mgr, ArrayType type) {
    INDArray w = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, mgr);
    INDArray b = getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, true, mgr);
    INDArray wb = mgr.createUninitialized(type, DataType.FLOAT, g.out(), g.rows());
    int k = g.rows() - 1;
    wb.get(all(), interval(0, k)).assign(w.reshape('c', g.out(), k));
    wb.getColumn(k).assign(b.reshape(g.out()));
    return wb;
  }

  private Geometry geometry(INDArray x) {
    org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf = layerConf();
    if (x.rank() != 4 || x.size(1) != conf.getNIn()) {
      throw new IllegalArgumentException(
          String.format(
              "%s expects NCHW input with %d channels, got shape %s",
              layerId(), conf.getNIn(), Arrays.toString(x.shape())));
    }
    if (!(conf.getActivationFn() instanceof ActivationIdentity)) {
      throw new IllegalStateException(
          layerId() + ": GemmConvolution supports the identity activation only");
    }
    return new Geometry(
        (int) x.size(0),
        (int) conf.getNIn(),
        (int) conf.getNOut(),
        (int) x.size(2),
        (int) x.size(3),
        conf.getKernelSize()[0],
        conf.getStride()[0],
        conf.getPadding()[0]);
  }

  private INDArray contiguous(INDArray a) {
    if (a.dataType() != DataType.FLOAT || dataType != DataType.FLOAT) {
      throw new IllegalStateException(
          String.format(
              "%s is FLOAT only (network %s, array %s); build other networks with"
                  + " LayerImplementation.DL4J",
              layerId(), dataType, a.dataType()));
    }
    return NchwFloats.needsCopy(a) ? a.dup('c') : a;
  }

  /** Fills {@code col} [N, K+1, P]: row (ci, ki, kj) holds x shifted by (ki, kj); last row 1. */
  private static void im2col(INDArray x, INDArray col, Geometry g) {
    FloatBuffer xs = x.data().asNioFloat();
    FloatBuffer cs = col.data().asNioFloat();
    int hw = g.height() * g.width();
    int p = g.positions();
    int oh = g.outHeight();
    int ow = g.outWidth();
    IntStream.range(0, g.batch())
        .parallel()
        .forEach(
            n -> {
              int colBase = n * g.rows() * p;
              int row = 0;
              for (int ci = 0; ci < g.in(); ci++) {
                int xBase = (n * g.in() + ci) * hw;
                for (int ki = 0; ki < g.kernel(); ki++) {
                  for (int kj = 0; kj < g.kernel(); kj++, row++) {
                    int r = colBase + row * p;
                    for (int oy = 0; oy < oh; oy++) {
                      int iy = oy * g.stride() - g.pad() + ki;
                      boolean rowIn = iy >= 0 && iy < g.height();
                      for (int ox = 0; ox < ow; ox++) {
                        int ix = ox * g.stride() - g.pad() + kj;
                        cs.put(
                            r + oy * ow + ox,
                            rowIn && ix >= 0 && ix < g.width()
                                ? xs.get(xBase + iy * g.width() + ix)
                                : 0f);
                      }
                    }
                  }
                }
              }
              int ones = colBase + row * p;
              for (int q = 0; q < p; q++) {
                cs.put(ones + q, 1f);
              }
            });
  }

  /** Adds each column entry of {@code dcol} [N, K+1, P] back to its input pixel of {@code dx}. */
  private static void col2im(INDArray dcol, INDArray dx, Geometry g) {
    FloatBuffer cs = dcol.data().asNioFloat();
    FloatBuffer ds = dx.data().asNioFloat();
    int hw = g.height() * g.width();
    int p = g.positions();
    int oh = g.outHeight();
    int ow = g.outWidth();
    IntStream.range(0, g.batch())
        .parallel()
        .forEach(
            n -> {
              int colBase = n * g.rows() * p;
              int row = 0;
              for (int ci = 0; ci < g.in(); ci++) {
                int xBase = (n * g.in() + ci) * hw;
                for (int ki = 0; ki < g.kernel(); ki++) {
                  for (int kj = 0; kj < g.kernel(); kj++, row++) {
                    int r = colBase + row * p;
                    for (int oy = 0; oy < oh; oy++) {
                      int iy = oy * g.stride() - g.pad() + ki;
                      if (iy < 0 || iy >= g.height()) {
                        continue;
                      }
                      for (int ox = 0; ox < ow; ox++) {
                        int ix = ox * g.stride() - g.pad() + kj;
                        if (ix >= 0 && ix < g.width()) {
                          int d = xBase + iy * g.width() + ix;
                          ds.put(d, ds.get(d) + cs.get(r + oy * ow + ox));
                        }
                      }
                    }
                  }
                }
              }
            });
  }
}
