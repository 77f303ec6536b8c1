package io.fcddspark.spark.cli;

import io.fcddspark.ingest.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A CIFAR-10-shaped stand-in in the binary version's layout ({@code cifar-10-binary.tar.gz}: {@code
 * cifar-10-batches-bin/data_batch_1..5.bin}, {@code test_batch.bin}, {@code batches.meta.txt}; each
 * record a label byte and 32&times;32 red, green, blue planes): every class a colour of its own
 * under seeded noise.
 */
final class CifarArchive {
  private static final int SIDE = 32;
  private static final int BATCHES = 5;

  private CifarArchive() {}

  /**
   * Writes {@code train} training and {@code test} test images per CIFAR-10 class to {@code tgz}.
   */
  static Path write(Path tgz, int train, int test, long seed) throws IOException {
    Random random = new Random(seed);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int b = 1; b <= BATCHES; b++) {
      int from = train * (b - 1) / BATCHES;
      int to = train * b / BATCHES;
      entries.put(
          "cifar-10-batches-bin/data_batch_" + b + ".bin", records(to - from, 10, 1, random));
    }
    entries.put("cifar-10-batches-bin/test_batch.bin", records(test, 10, 1, random));
    entries.put(
        "cifar-10-batches-bin/batches.meta.txt",
        String.join("\n", TestImages.CIFAR10_CLASSES).getBytes(StandardCharsets.UTF_8));
    Files.write(tgz, TestImages.gzip(TestImages.tar(entries)));
    return tgz;
  }

  /**
   * Writes {@code train} training and {@code test} test images per CIFAR-100 coarse class (20; the
   * fine label is the coarse one times five) to {@code tgz}.
   */
  static Path writeCifar100(Path tgz, int train, int test, long seed) throws IOException {
    Random random = new Random(seed);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("cifar-100-binary/train.bin", records(train, 20, 2, random));
    entries.put("cifar-100-binary/test.bin", records(test, 20, 2, random));
    Files.write(tgz, TestImages.gzip(TestImages.tar(entries)));
    return tgz;
  }

  /** perClass records of each of {@code classes}, with {@code labels} label bytes each. */
  private static byte[] records(int perClass, int classes, int labels, Random random) {
    int size = labels + 3 * SIDE * SIDE;
    byte[] out = new byte[perClass * classes * size];
    int r = 0;
    for (int i = 0; i < perClass; i++) {
      for (int k = 0; k < classes; k++, r++) {
        out[r * size] = (byte) k;
        if (labels == 2) {
          out[r * size + 1] = (byte) (5 * k);
        }
        for (int c = 0; c < 3; c++) {
          int base = 40 + ((k * (c + 3) * 37) % 180);
          for (int p = 0; p < SIDE * SIDE; p++) {
            out[r * size + labels + c * SIDE * SIDE + p] = (byte) (base + random.nextInt(40));
          }
        }
      }
    }
    return out;
  }
}
