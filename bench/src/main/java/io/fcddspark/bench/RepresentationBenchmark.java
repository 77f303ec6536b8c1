package io.fcddspark.bench;

import io.fcddspark.dl4j.OneDnnHelpers;
import io.fcddspark.nets.FcddArchitecture;
import io.fcddspark.nets.FcddNetworkFactory;
import io.fcddspark.nets.Head;
import io.fcddspark.nets.LayerImplementation;
import io.fcddspark.nets.NetworkOptions;
import io.fcddspark.nets.Objective;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures, in one run on the same cores, the training step (forward, FCDD loss, backward, Nesterov
 * SGD with weight decay) and inference throughput of one FCDD net in each DL4J representation:
 * {@code MultiLayerNetwork} and {@code ComputationGraph} as shipped and with the oneDNN helpers
 * (and {@link CacheMode#DEVICE}), and SameDiff. Ratios are against {@code MultiLayerNetwork} as
 * shipped.
 *
 * <p>Usage: {@code RepresentationBenchmark [arch=CNN28] [batch=128] [seconds=8] [out.md]}.
 */
public final class RepresentationBenchmark {
  private final FcddArchitecture arch;
  private final int batch;
  private final double seconds;
  private final DataSet data;

  private RepresentationBenchmark(FcddArchitecture arch, int batch, double seconds) {
    this.arch = arch;
    this.batch = batch;
    this.seconds = seconds;
    this.data = Measure.randomBatch(arch, batch);
  }

  /** One measured representation. */
  record Row(
      String name,
      boolean sparkAveraging,
      String helpers,
      double trainImgPerSec,
      double inferImgPerSec) {}

  /** Something that trains one step and infers one batch. */
  private record Candidate(Runnable trainStep, Runnable infer) {}

  public static void main(String[] args) throws IOException {
    FcddArchitecture arch = FcddArchitecture.valueOf(arg(args, 0, "CNN28"));
    int batch = Integer.parseInt(arg(args, 1, "128"));
    double seconds = Double.parseDouble(arg(args, 2, "8"));
    RepresentationBenchmark bench = new RepresentationBenchmark(arch, batch, seconds);
    List<Row> rows = bench.run();
    String report = bench.markdown(rows);
    System.out.println(report);
    if (args.length > 3) {
      Files.writeString(Path.of(args[3]), report);
    }
  }

  private List<Row> run() {
    List<Row> rows = new ArrayList<>();
    MultiLayerNetwork plain = withHelpers(false, CacheMode.NONE);
    rows.add(
        measure("MultiLayerNetwork, as shipped", true, helpers(plain.getLayers()), mln(plain)));
    MultiLayerNetwork helpersOnly = withHelpers(true, CacheMode.NONE);
    rows.add(
        measure(
            "MultiLayerNetwork, oneDNN helpers",
            true,
            helpers(helpersOnly.getLayers()),
            mln(helpersOnly)));
    MultiLayerNetwork cached = withHelpers(true, CacheMode.DEVICE);
    rows.add(
        measure(
            "MultiLayerNetwork, helpers + CacheMode.DEVICE",
            true,
            helpers(cached.getLayers()),
            mln(cached)));
    MultiLayerNetwork fast = withHelpers(true, CacheMode.DEVICE, LayerImplementation.FUSED);
    rows.add(
        measure(
            "MultiLayerNetwork, helpers + cache + fused BatchNorm (FcddNetworkFactory)",
            true,
            helpers(fast.getLayers()),
            mln(fast)));
    ComputationGraph cgPlain = graph(false);
    rows.add(
        measure("ComputationGraph, as shipped", true, helpers(cgPlain.getLayers()), cg(cgPlain)));
    ComputationGraph cgFast = graph(true);
    rows.add(
        measure(
            "ComputationGraph, helpers + CacheMode.DEVICE",
            true,
            helpers(cgFast.getLayers()),
            cg(cgFast)));
    SameDiff sd = SameDiffFcddGraph.build(arch, 1);
    rows.add(measure("SameDiff", false, "n/a", sameDiff(sd)));
    return rows;
  }

  private MultiLayerNetwork withHelpers(boolean on, CacheMode cache) {
    return withHelpers(on, cache, LayerImplementation.DL4J);
  }

  private MultiLayerNetwork withHelpers(boolean on, CacheMode cache, LayerImplementation impl) {
    MultiLayerConfiguration conf =
        FcddNetworkFactory.configuration(
            arch.input(),
            arch.trunk(),
            Head.fcdd(),
            Objective.sampleLabels(),
            NetworkOptions.fashionMnistDefaults(1),
            impl);
    conf.setCacheMode(cache);
    for (NeuralNetConfiguration c : conf.getConfs()) {
      c.setCacheMode(cache);
    }
    return withHelperProperty(
        on,
        () -> {
          MultiLayerNetwork net = new MultiLayerNetwork(conf);
          net.init();
          return net;
        });
  }

  private ComputationGraph graph(boolean on) {
    MultiLayerNetwork net = withHelpers(on, on ? CacheMode.DEVICE : CacheMode.NONE);
    return withHelperProperty(on, net::toComputationGraph);
  }

  /** Runs {@code build} with DL4J's helper switch set, then restores it. */
  private static <T> T withHelperProperty(boolean on, Supplier<T> build) {
    String before = System.getProperty(OneDnnHelpers.DISABLE_PROPERTY);
    System.setProperty(OneDnnHelpers.DISABLE_PROPERTY, Boolean.toString(!on));
    try {
      return build.get();
    } finally {
      if (before == null) {
        System.clearProperty(OneDnnHelpers.DISABLE_PROPERTY);
      } else {
        System.setProperty(OneDnnHelpers.DISABLE_PROPERTY, before);
      }
    }
  }

  private Candidate mln(MultiLayerNetwork net) {
    return new Candidate(() -> net.fit(data), () -> net.output(data.getFeatures()));
  }

  private Candidate cg(ComputationGraph net) {
    return new Candidate(() -> net.fit(data), () -> net.output(data.getFeatures()));
  }

  private Candidate sameDiff(SameDiff sd) {
    return new Candidate(
        () -> sd.fit(data),
        () ->
            sd.output(
                Map.of(SameDiffFcddGraph.INPUT, data.getFeatures()), SameDiffFcddGraph.HEATMAP));
  }

  private Row measure(String name, boolean spark, String helpers, Candidate c) {
    double train = throughput(c.trainStep());
    double infer = throughput(c.infer());
    System.err.printf(
        Locale.ROOT, "%-70s train %8.1f img/s  infer %8.1f img/s%n", name, train, infer);
    return new Row(name, spark, helpers, train, infer);
  }

  private double throughput(Runnable step) {
    return Measure.throughput(step, batch, seconds);
  }

  private static String helpers(Layer[] layers) {
    long capable = java.util.Arrays.stream(layers).filter(OneDnnHelpers::supportsHelper).count();
    return (capable - OneDnnHelpers.layersWithoutHelper(layers).size()) + "/" + capable;
  }

  private String markdown(List<Row> rows) {
    Row base = rows.get(0);
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%s, batch %d, %d cores (%s), ND4J %s; ratios against the first row, same run.%n%n",
            arch,
            batch,
            Runtime.getRuntime().availableProcessors(),
            Measure.cpuModel(),
            Nd4j.getExecutioner().getEnvironmentInformation().getProperty("blas.vendor")));
    sb.append(
        "| representation | dl4j-spark averaging | oneDNN helpers | train img/s | × | infer img/s | × |\n");
    sb.append("|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %.1f | %.2f | %.1f | %.2f |%n",
              r.name(),
              r.sparkAveraging() ? "yes" : "no",
              r.helpers(),
              r.trainImgPerSec(),
              r.trainImgPerSec() / base.trainImgPerSec(),
              r.inferImgPerSec(),
              r.inferImgPerSec() / base.inferImgPerSec()));
    }
    return sb.toString();
  }

  private static String arg(String[] args, int i, String fallback) {
    return args.length > i ? args[i] : fallback;
  }
}
