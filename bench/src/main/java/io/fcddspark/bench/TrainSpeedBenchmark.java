package io.fcddspark.bench;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training-step and inference throughput of the FCDD nets, ours against PyTorch and against the
 * machine's limit, in one run on the same cores (issue #5). Run it with {@code
 * bench/train-speed.sh}, which sets the thread count for both and writes docs/benchmarks.md.
 *
 * <p>Arguments: {@code threads seconds out.md python-interpreter python-script arch...}.
 */
public final class TrainSpeedBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int threads;
  private final double seconds;
  private final String python;
  private final Path pythonScript;

  private TrainSpeedBenchmark(int threads, double seconds, String python, Path pythonScript) {
    this.threads = threads;
    this.seconds = seconds;
    this.python = python;
    this.pythonScript = pythonScript;
  }

  /** The batch sizes of the issue (and of App. E for CNN28 and CNN32). */
  static int batchOf(FcddArchitecture arch) {
    return switch (arch) {
      case CNN28 -> 128;
      case CNN32 -> 200;
      case VGG11_BN -> 16;
    };
  }

  record Result(
      FcddArchitecture arch,
      int batch,
      double oursTrain,
      double oursInfer,
      double torchTrain,
      double torchInfer,
      String torchVersion,
      double limitTrain,
      double limitInfer,
      List<LayerBreakdown.Row> breakdown) {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int threads = Integer.parseInt(args[0]);
    double seconds = Double.parseDouble(args[1]);
    Path out = Path.of(args[2]);
    String python = args[3];
    Path script = Path.of(args[4]);
    List<FcddArchitecture> archs = new ArrayList<>();
    for (int i = 5; i < args.length; i++) {
      archs.add(FcddArchitecture.valueOf(args[i]));
    }
    if (archs.isEmpty()) {
      archs = List.of(FcddArchitecture.values());
    }
    TrainSpeedBenchmark bench = new TrainSpeedBenchmark(threads, seconds, python, script);
    double gflops = bench.sgemmGflops();
    System.err.printf(Locale.ROOT, "sgemm 2048^2: %.1f GFLOP/s%n", gflops);
    List<Result> results = new ArrayList<>();
    for (FcddArchitecture arch : archs) {
      results.add(bench.run(arch, gflops));
    }
    String report = bench.markdown(results, gflops);
    System.out.println(report);
    DocSections.replace(out, "train-speed", report);
  }

  private Result run(FcddArchitecture arch, double gflops)
      throws IOException, InterruptedException {
    int batch = batchOf(arch);
    DataSet data = Measure.randomBatch(arch, batch);
    MultiLayerNetwork net = FcddNetworkFactory.fcdd(arch, NetworkOptions.fashionMnistDefaults(1));
    OneDnnHelpers.requireActive(net);
    double train = throughput(() -> net.fit(data), batch);
    double infer = throughput(() -> score(net.output(data.getFeatures())), batch);
    System.err.printf(
        Locale.ROOT, "%s ours: train %.1f img/s, infer %.1f img/s%n", arch, train, infer);
    List<LayerBreakdown.Row> breakdown =
        LayerBreakdown.measure(net, data, arch == FcddArchitecture.VGG11_BN ? 2 : 5);
    JsonNode torch = pytorch(arch, batch);
    System.err.printf(Locale.ROOT, "%s pytorch: %s%n", arch, torch);
    return new Result(
        arch,
        batch,
        train,
        infer,
        torch.get("train_img_s").asDouble(),
        torch.get("infer_img_s").asDouble(),
        torch.get("torch").asText(),
        gflops * 1e9 / NetFlops.trainStep(arch),
        gflops * 1e9 / NetFlops.forward(arch),
        breakdown);
  }

  private static void score(INDArray heatmaps) {
    for (double[] row : heatmaps.toDoubleMatrix()) {
      FcddObjective.heatmapScore(row);
    }
  }

  private double throughput(Runnable step, int batch) {
    return Measure.throughput(step, batch, seconds);
  }

  private double sgemmGflops() {
    int n = 2048;
    INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray c = Nd4j.zeros(DataType.FLOAT, n, n);
    Runnable gemm = () -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    double perSecond = throughput(gemm, 1);
    return perSecond * 2.0 * n * n * n / 1e9;
  }

  private JsonNode pytorch(FcddArchitecture arch, int batch)
      throws IOException, InterruptedException {
    Path spec = Files.createTempFile("fcdd-" + arch, ".json");
    Files.writeString(spec, JSON.writeValueAsString(layerSpec(arch)));
    Process p =
        new ProcessBuilder(
                python,
                pythonScript.toString(),
                "--spec",
                spec.toString(),
                "--batch",
                Integer.toString(batch),
                "--threads",
                Integer.toString(threads),
                "--seconds",
                Double.toString(seconds))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    Files.deleteIfExists(spec);
    if (code != 0) {
      throw new IllegalStateException("PyTorch benchmark for " + arch + " exited with " + code);
    }
    String[] lines = stdout.trim().split("\n");
    return JSON.readTree(lines[lines.length - 1]);
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

  private String markdown(List<Result> results, double gflops) {
    StringBuilder sb = new StringBuilder();
    sb.append("## Training step and inference: fcdd-spark vs PyTorch (issue #5)\n\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "Generated by `%s` on %s: %s, %d cores visible, %d threads for both (OMP_NUM_THREADS"
                + " and torch.set_num_threads), PyTorch %s, ND4J %s (oneDNN helpers on, as the"
                + " train job runs). sgemm 2048² on ND4J: %.1f GFLOP/s. A training step is forward"
                + " + FCDD loss + backward + SGD Nesterov 0.9 with weight decay 1e-6; inference is"
                + " the heatmap and the per-sample score. Limit = sgemm GFLOP/s ÷ the net's"
                + " convolution FLOPs per image (3× forward for a training step). Ratios are"
                + " measured side by side in this one run.%n%n",
            System.getProperty("fcdd.bench.command", "TrainSpeedBenchmark"),
            LocalDate.now(),
            Measure.cpuModel(),
            Runtime.getRuntime().availableProcessors(),
            threads,
            results.isEmpty() ? "?" : results.get(0).torchVersion(),
            Nd4j.getExecutioner().getEnvironmentInformation().getProperty("blas.vendor"),
            gflops));
    sb.append(
        "| net | batch | threads | train img/s ours | PyTorch | ours ÷ PyTorch | % of limit |"
            + " infer img/s ours | PyTorch | ours ÷ PyTorch | % of limit |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %.1f | %.1f | %.2f | %.0f %% | %.1f | %.1f | %.2f | %.0f %% |%n",
              r.arch(),
              r.batch(),
              threads,
              r.oursTrain(),
              r.torchTrain(),
              r.oursTrain() / r.torchTrain(),
              100 * r.oursTrain() / r.limitTrain(),
              r.oursInfer(),
              r.torchInfer(),
              r.oursInfer() / r.torchInfer(),
              100 * r.oursInfer() / r.limitInfer()));
    }
    for (Result r : results) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%n### Per-layer breakdown of our training step: %s, batch %d%n%n",
              r.arch(),
              r.batch()));
      sb.append(LayerBreakdown.markdown(r.breakdown()));
    }
    return sb.toString();
  }
}
