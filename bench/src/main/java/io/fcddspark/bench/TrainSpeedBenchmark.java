package io.fcddspark.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fcddspark.dl4j.OneDnnHelpers;
import io.fcddspark.loss.FcddObjective;
import io.fcddspark.nets.FcddArchitecture;
import io.fcddspark.nets.FcddNetworkFactory;
import io.fcddspark.nets.LayerSpec;
import io.fcddspark.nets.NetworkOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training-step and inference throughput of the FCDD nets, ours against PyTorch and against the
 * machine's limit (issues #5, #26). {@code bench/train-speed.sh} runs each side in a process of its
 * own, interleaved, several rounds, with nothing else on the machine; this class is our side and
 * the report.
 *
 * <p>Modes: {@code spec ARCH FILE} writes the net as the layer list {@code pytorch_fcdd.py} builds;
 * {@code ours ARCH SECONDS} prints one {@code RESULT} JSON line (train and inference img/s); {@code
 * report THREADS RESULTS OUT.md COMMAND ARCH...} measures sgemm and the per-layer breakdown once,
 * reads the runs (one line each: side, net, train img/s, inference img/s, load average, PyTorch
 * version) and writes the section with the median and min–max of each side and the ratio of the
 * medians.
 */
public final class TrainSpeedBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainSpeedBenchmark() {}

  /** The batch sizes of the issue (and of App. E for CNN28 and CNN32). */
  static int batchOf(FcddArchitecture arch) {
    return switch (arch) {
      case CNN28 -> 128;
      case CNN32 -> 200;
      case VGG11_BN -> 16;
    };
  }

  /** One side's runs of one net: images/s per run. */
  record Side(List<Double> train, List<Double> infer) {
    static Side empty() {
      return new Side(new ArrayList<>(), new ArrayList<>());
    }

    String cell(List<Double> v) {
      return String.format(
          Locale.ROOT,
          "%.1f (%.1f–%.1f)",
          median(v),
          v.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
          v.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
    }
  }

  public static void main(String[] args) throws IOException {
    switch (args[0]) {
      case "spec" ->
          Files.writeString(
              Path.of(args[2]),
              JSON.writeValueAsString(layerSpec(FcddArchitecture.valueOf(args[1]))));
      case "ours" -> ours(FcddArchitecture.valueOf(args[1]), Double.parseDouble(args[2]));
      case "report" -> report(args);
      default -> throw new IllegalArgumentException("Unknown mode " + args[0]);
    }
  }

  private static void ours(FcddArchitecture arch, double seconds) throws IOException {
    int batch = batchOf(arch);
    DataSet data = Measure.randomBatch(arch, batch);
    MultiLayerNetwork net = FcddNetworkFactory.fcdd(arch, NetworkOptions.fashionMnistDefaults(1));
    OneDnnHelpers.requireActive(net);
    double train = Measure.throughput(() -> net.fit(data), batch, seconds);
    double infer = Measure.throughput(() -> score(net.output(data.getFeatures())), batch, seconds);
    ObjectNode r = JSON.createObjectNode();
    r.put("train_img_s", train).put("infer_img_s", infer);
    System.out.println("RESULT " + JSON.writeValueAsString(r));
  }

  private static void report(String[] args) throws IOException {
    int threads = Integer.parseInt(args[1]);
    Path results = Path.of(args[2]);
    Path out = Path.of(args[3]);
    String command = args[4];
    List<FcddArchitecture> archs = new ArrayList<>();
    for (int i = 5; i < args.length; i++) {
      archs.add(FcddArchitecture.valueOf(args[i]));
    }
    Map<String, Side> ours = new LinkedHashMap<>();
    Map<String, Side> torch = new LinkedHashMap<>();
    double maxLoad = 0;
    String torchVersion = "?";
    int rounds = 0;
    for (String line : Files.readAllLines(results)) {
      String[] f = line.strip().split("\\s+");
      Side side = (f[0].equals("ours") ? ours : torch).computeIfAbsent(f[1], k -> Side.empty());
      side.train().add(Double.parseDouble(f[2]));
      side.infer().add(Double.parseDouble(f[3]));
      maxLoad = Math.max(maxLoad, Double.parseDouble(f[4]));
      if (f[0].equals("pytorch")) {
        torchVersion = f[5];
      }
      rounds = Math.max(rounds, side.train().size());
    }
    double gflops = sgemmGflops();
    StringBuilder sb = new StringBuilder();
    sb.append("## Training step and inference: fcdd-spark vs PyTorch (issues #5, #26)\n\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "Generated by `%s` on %s: %s, %d cores visible, %d threads for both (OMP_NUM_THREADS"
                + " and torch.set_num_threads), PyTorch %s, ND4J %s (oneDNN helpers on, as the"
                + " train job runs). Each run is a process of its own (a JVM for ours, Python for"
                + " PyTorch), the two sides interleaved per net, %d rounds; each cell is the"
                + " median (min–max) of images/s, and the ratios are of the medians. The script"
                + " waits for the 1-minute load average to fall below 1 before each run; it was"
                + " at most %.2f. A training step is forward + FCDD loss + backward + SGD"
                + " Nesterov 0.9 with weight decay 1e-6 on one fixed random batch; inference is"
                + " the heatmap and the per-sample score. sgemm 2048² on ND4J: %.1f GFLOP/s;"
                + " limit = that ÷ the net's convolution FLOPs per image (3× forward for a"
                + " training step), from the medians.%n%n",
            command,
            LocalDate.now(),
            Measure.cpuModel(),
            Runtime.getRuntime().availableProcessors(),
            threads,
            torchVersion,
            Nd4j.getExecutioner().getEnvironmentInformation().getProperty("blas.vendor"),
            rounds,
            maxLoad,
            gflops));
    sb.append(
        "| net | batch | train img/s ours | PyTorch | ours ÷ PyTorch | % of limit |"
            + " infer img/s ours | PyTorch | ours ÷ PyTorch | % of limit |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (FcddArchitecture arch : archs) {
      Side o = ours.get(arch.name());
      Side t = torch.get(arch.name());
      double limitTrain = gflops * 1e9 / NetFlops.trainStep(arch);
      double limitInfer = gflops * 1e9 / NetFlops.forward(arch);
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %s | %.2f | %.0f %% | %s | %s | %.2f | %.0f %% |%n",
              arch,
              batchOf(arch),
              o.cell(o.train()),
              t.cell(t.train()),
              median(o.train()) / median(t.train()),
              100 * median(o.train()) / limitTrain,
              o.cell(o.infer()),
              t.cell(t.infer()),
              median(o.infer()) / median(t.infer()),
              100 * median(o.infer()) / limitInfer));
    }
    for (FcddArchitecture arch : archs) {
      int batch = batchOf(arch);
      DataSet data = Measure.randomBatch(arch, batch);
      MultiLayerNetwork net = FcddNetworkFactory.fcdd(arch, NetworkOptions.fashionMnistDefaults(1));
      OneDnnHelpers.requireActive(net);
      net.fit(data); // sets up the gradient views the breakdown's backward pass writes
      sb.append(
          String.format(
              Locale.ROOT,
              "%n### Per-layer breakdown of our training step: %s, batch %d (one run)%n%n",
              arch,
              batch));
      sb.append(
          LayerBreakdown.markdown(
              LayerBreakdown.measure(net, data, arch == FcddArchitecture.VGG11_BN ? 2 : 5)));
    }
    String section = sb.toString();
    System.out.println(section);
    DocSections.replace(out, "train-speed", section);
  }

  private static double median(List<Double> v) {
    double[] sorted = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static void score(INDArray heatmaps) {
    for (double[] row : heatmaps.toDoubleMatrix()) {
      FcddObjective.heatmapScore(row);
    }
  }

  private static double sgemmGflops() {
    int n = 2048;
    INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray c = Nd4j.zeros(DataType.FLOAT, n, n);
    Runnable gemm = () -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    double perSecond = Measure.throughput(gemm, 1, 8);
    return perSecond * 2.0 * n * n * n / 1e9;
  }

  /** The net as the layer list {@code pytorch_fcdd.py} builds from. */
  static ObjectNode layerSpec(FcddArchitecture arch) {
    ObjectNode root = JSON.createObjectNode();
    var in = arch.input();
    root.putArray("input").add(in.channels()).add(in.height()).add(in.width());
    ArrayNode layers = root.putArray("layers");
    for (LayerSpec l : arch.fcddLayers()) {
      ObjectNode o = layers.addObject();
      if (l instanceof LayerSpec.Conv c) {
        o.put("type", "conv").put("in", c.inChannels()).put("out", c.outChannels());
        o.put("kernel", c.kernel()).put("stride", c.stride()).put("padding", c.padding());
      } else if (l instanceof LayerSpec.BatchNorm b) {
        o.put("type", "bn").put("channels", b.channels()).put("eps", b.eps());
      } else if (l instanceof LayerSpec.Activation a) {
        o.put("type", a.kind() == LayerSpec.Activation.Kind.RELU ? "relu" : "leaky_relu");
      } else if (l instanceof LayerSpec.MaxPool m) {
        o.put("type", "maxpool").put("kernel", m.kernel()).put("stride", m.stride());
        o.put("padding", m.padding());
      }
    }
    return root;
  }
}
