package io.fcddspark.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.ingest.FashionMnistFiles;
import io.fcddspark.ingest.plan.IngestConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fcdd ingest} as a user runs it: shipped configs, real Fashion-MNIST, one-line errors. */
class IngestCommandTest {
  private static final Path CONF = Path.of("../conf/ingest");

  @Test
  void everyShippedConfigIsValid() throws IOException {
    try (Stream<Path> files = Files.list(CONF)) {
      List<Path> configs = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertThat(configs).hasSizeGreaterThanOrEqualTo(7);
      for (Path c : configs) {
        IngestConfig spec = ConfigLoader.load(c, List.of(), IngestConfig.class);
        assertThat(spec.sources()).as(c.toString()).isNotEmpty();
      }
    }
  }

  @Test
  void ingestsRealFashionMnistFromTheShippedConfig(@TempDir Path dir) {
    FashionMnistFiles.require();
    Path out = dir.resolve("fashion-mnist");

    CliRun run =
        CliRun.fcdd(
            "ingest",
            "-c",
            CONF.resolve("fashion-mnist.yaml").toString(),
            "--master",
            "local[2]",
            "--set",
            "output=" + out);

    assertThat(run.problems()).isEmpty();
    assertThat(run.code()).isZero();
    assertThat(run.output()).startsWith("ingest: 70000 inputs = ").contains("output " + out);
    assertThat(out.resolve("manifest.json")).exists();
  }

  @Test
  void badConfigsAndArgumentsFailBeforeAnyWorkInOneLine(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("folder.yaml");
    Files.writeString(
        config,
        "output: "
            + dir.resolve("out")
            + "\nsources:\n  - type: folder\n    dataset: d\n    split: train\n    path: "
            + dir.resolve("missing")
            + "\n");

    CliRun missing = CliRun.fcdd("ingest", "-c", config.toString(), "--master", "local[1]");
    CliRun unknownKey =
        CliRun.fcdd("ingest", "-c", config.toString(), "--set", "sources[0].siez=3");
    CliRun badValue = CliRun.fcdd("ingest", "-c", config.toString(), "--set", "maxPixels=0");
    CliRun badOption = CliRun.fcdd("ingest", "-c", config.toString(), "--thread", "2");
    CliRun noConfig = CliRun.fcdd("ingest");

    assertThat(missing.code()).isEqualTo(FcddCommand.USAGE);
    assertThat(missing.problems())
        .isEqualTo(
            "ingest: sources[0]: Corpus folder " + dir.resolve("missing") + " does not exist\n");
    assertThat(dir.resolve("out")).doesNotExist();
    assertThat(unknownKey.code()).isEqualTo(FcddCommand.USAGE);
    assertThat(unknownKey.problems())
        .isEqualTo(
            "ingest: "
                + config
                + " with sources[0].siez=3: unknown key 'sources[0].siez' (known keys there:"
                + " dataset, decode, path, split)\n");
    assertThat(badValue.problems()).contains("Cannot set maxPixels to 0, it must be >= 1");
    assertThat(badOption.code()).isEqualTo(FcddCommand.USAGE);
    assertThat(badOption.problems()).startsWith("ingest: Unknown option: '--thread'\n");
    assertThat(noConfig.problems()).startsWith("ingest: Missing required option: '--config=FILE'");
  }
}
