package io.fcddspark.bench;

import io.fcddspark.nets.FcddArchitecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** What the benchmarks share: timing a repeated step, and naming the machine. */
final class Measure {
  private Measure() {}

  /** Items per second of {@code step} after two warm-up calls, over at least 3 calls and s. */
  static double throughput(Runnable step, int itemsPerCall, double seconds) {
    step.run();
    step.run();
    long start = System.nanoTime();
    int calls = 0;
    while (calls < 3 || System.nanoTime() - start < seconds * 1e9) {
      step.run();
      calls++;
    }
    return calls * (double) itemsPerCall / ((System.nanoTime() - start) / 1e9);
  }

  /** A seeded random batch for {@code arch}: uniform pixels, every second image anomalous. */
  static DataSet randomBatch(FcddArchitecture arch, int batch) {
    var in = arch.input();
    Nd4j.getRandom().setSeed(1);
    INDArray x = Nd4j.rand(DataType.FLOAT, batch, in.channels(), in.height(), in.width());
    INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 1);
    for (int i = 1; i < batch; i += 2) {
      y.putScalar(i, 0, 1);
    }
    return new DataSet(x, y);
  }

  /** The CPU model from /proc/cpuinfo. */
  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      return "unknown CPU";
    }
    return "unknown CPU";
  }
}
