package io.fcddspark.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fcddspark.dl4j.HostKernels;
import io.fcddspark.dl4j.Nd4jBackendChoice;
import io.fcddspark.ingest.IdxEntry;
import io.fcddspark.ingest.IdxPairReader;
import io.fcddspark.nets.FcddArchitecture;
import io.fcddspark.nets.FcddNetworkFactory;
import io.fcddspark.nets.NetworkLayout;
import io.fcddspark.nets.NetworkOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One side of {@code bench/gpu-check.sh}: trains a net from a seed on whichever ND4J backend the
 * class path holds and prints what ran and what it measured, as one {@code RESULT} JSON line.
 *
 * <p>Arguments: {@code net steps batch seed [fashion-mnist-dir [per-class]]}. CNN28 trains on real
 * Fashion-MNIST (class 0 nominal, the other classes as anomalies, half of each batch, pixels scaled
 * to [0, 1]; {@code steps} counts epochs over {@code per-class} of each, default 6,000); CNN32 and
 * VGG11-BN train {@code steps} steps on one seeded random batch (half anomalous). Then it times
 * scoring (the forward pass) on 1,024 images (VGG11-BN: 64).
 */
public final class GpuCheck {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PER_CLASS = 6000;

  private GpuCheck() {}

  /** What one side ran and measured. */
  record Result(
      String net,
      String backend,
      String layers,
      String devices,
      List<Double> losses,
      double trainImagesPerSecond,
      double scoreImagesPerSecond,
      double trainSeconds) {}

  public static void main(String[] args) throws Exception {
    FcddArchitecture arch = FcddArchitecture.valueOf(args[0]);
    int steps = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    long seed = Long.parseLong(args[3]);
    MultiLayerNetwork net =
        FcddNetworkFactory.fcdd(arch, NetworkOptions.fashionMnistDefaults(seed));
    List<DataSet> batches =
        arch == FcddArchitecture.CNN28
            ? fashionMnist(
                Path.of(args[4]),
                args.length > 5 ? Integer.parseInt(args[5]) : PER_CLASS,
                batch,
                seed)
            : List.of(Measure.randomBatch(arch, batch));
    int epochs = arch == FcddArchitecture.CNN28 ? steps : 1;
    int perEpoch = arch == FcddArchitecture.CNN28 ? batches.size() : steps;
    List<Double> losses = new ArrayList<>();
    long images = 0;
    long start = System.nanoTime();
    for (int e = 0; e < epochs; e++) {
      double sum = 0;
      for (int s = 0; s < perEpoch; s++) {
        DataSet d = batches.get(s % batches.size());
        net.fit(d);
        images += d.numExamples();
        if (arch == FcddArchitecture.CNN28) {
          sum += net.score();
        } else {
          losses.add(net.score());
        }
      }
      if (arch == FcddArchitecture.CNN28) {
        losses.add(sum / perEpoch);
      }
    }
    Nd4j.getExecutioner().commit();
    double trainSeconds = (System.nanoTime() - start) / 1e9;
    int scoreBatch = arch == FcddArchitecture.VGG11_BN ? 16 : 256;
    int scoreImages = arch == FcddArchitecture.VGG11_BN ? 64 : 1024;
    INDArray x = Measure.randomBatch(arch, scoreBatch).getFeatures();
    double score =
        Measure.throughput(
            () -> {
              for (int i = 0; i < scoreImages / scoreBatch; i++) {
                net.output(x).sumNumber();
              }
            },
            scoreImages,
            3);
    Result r =
        new Result(
            arch.name(),
            Nd4jBackendChoice.ofThisJvm().backend(),
            NetworkLayout.hasFastPathLayers(net.getLayerWiseConfigurations())
                ? "FUSED (CPU fast path)"
                : "DL4J",
            devices(),
            losses,
            images / trainSeconds,
            score,
            trainSeconds);
    InterleavedRuns.printResult(r);
    System.err.println(
        "gpu-check: "
            + arch
            + " on "
            + Nd4jBackendChoice.ofThisJvm().describe()
            + (HostKernels.enabled() ? " with host kernels" : " without host kernels"));
  }

  private static String devices() {
    int n = Nd4j.getAffinityManager().getNumberOfDevices();
    return n + " device(s)";
  }

  /** Batches of class-0 images (label 0) and other classes (label 1), half each, seeded order. */
  private static List<DataSet> fashionMnist(Path dir, int perClass, int batch, long seed)
      throws Exception {
    List<float[]> nominal = new ArrayList<>();
    List<float[]> anomalous = new ArrayList<>();
    Path images = dir.resolve("train-images-idx3-ubyte.gz");
    Path labels = dir.resolve("train-labels-idx1-ubyte.gz");
    if (!Files.isRegularFile(images) || !Files.isRegularFile(labels)) {
      throw new IllegalArgumentException(
          "Fashion-MNIST is not in " + dir + " (Debian: apt-get install dataset-fashion-mnist)");
    }
    try (InputStream im = Files.newInputStream(images);
        InputStream lb = Files.newInputStream(labels);
        IdxPairReader reader =
            new IdxPairReader(images.toString(), im, labels.toString(), lb, 10)) {
      while (reader.hasNext() && (nominal.size() < PER_CLASS || anomalous.size() < PER_CLASS)) {
        if (reader.next() instanceof IdxEntry.Image img) {
          List<float[]> into = img.label() == 0 ? nominal : anomalous;
          if (into.size() < perClass) {
            float[] px = new float[img.pixels().length];
            for (int i = 0; i < px.length; i++) {
              px[i] = (img.pixels()[i] & 0xff) / 255f;
            }
            into.add(px);
          }
        }
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    shuffle(nominal, random);
    shuffle(anomalous, random);
    List<DataSet> out = new ArrayList<>();
    int half = batch / 2;
    for (int b = 0; (b + 1) * half <= Math.min(nominal.size(), anomalous.size()); b++) {
      float[][] x = new float[2 * half][];
      float[] y = new float[2 * half];
      for (int i = 0; i < half; i++) {
        x[2 * i] = nominal.get(b * half + i);
        x[2 * i + 1] = anomalous.get(b * half + i);
        y[2 * i + 1] = 1;
      }
      out.add(
          new DataSet(
              Nd4j.create(x).reshape(2L * half, 1, 28, 28),
              Nd4j.create(y, new long[] {2L * half, 1}, DataType.FLOAT)));
    }
    return out;
  }

  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }
}
