package io.fcddspark.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every subcommand's {@code --help} and its bad-argument paths: an unknown option, a missing
 * config, a config file that does not exist, a malformed override, an unknown key; each exits 2
 * with one line naming what is wrong (and a pointer to --help for usage errors), never a stack
 * trace.
 */
class CommandLineErrorsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"ingest", "train", "evaluate", "rank", "pipeline", "sweep", "score", "report"})
  void everySubcommandHelpsAndRejectsBadArgumentsInOneLine(String sub, @TempDir Path dir)
      throws Exception {
    CliRun help = CliRun.fcdd(sub, "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out())
        .startsWith("Usage: fcdd " + sub + " ")
        .contains("-c, --config=FILE")
        .contains("--set=KEY=VALUE")
        .contains("--master=URL")
        .contains("docs/");

    CliRun unknown = CliRun.fcdd(sub, "--frobnicate");
    assertThat(unknown.code()).isEqualTo(FcddCommand.USAGE);
    assertThat(unknown.problems())
        .startsWith(sub + ": Unknown option: '--frobnicate'")
        .endsWith("Try 'fcdd " + sub + " --help'.\n");
    assertThat(unknown.err().lines()).hasSizeLessThanOrEqualTo(3);
    assertThat(CliRun.fcdd(sub, "--mastr", "local[1]").err())
        .startsWith(sub + ": Unknown option: '--mastr' (did you mean '--master'?)\n");

    CliRun noConfig = CliRun.fcdd(sub);
    assertThat(noConfig.code()).isEqualTo(FcddCommand.USAGE);
    assertThat(noConfig.problems()).startsWith(sub + ": Missing required option: '--config=FILE'");

    Path missing = dir.resolve("nothing.yaml");
    CliRun absent = CliRun.fcdd(sub, "-c", missing.toString());
    assertThat(absent.code()).isEqualTo(FcddCommand.USAGE);
    assertThat(absent.problems()).isEqualTo(sub + ": Config file " + missing + " does not exist\n");

    Path yaml = dir.resolve("c.yaml");
    Files.writeString(yaml, "output: x\n");
    CliRun badSet = CliRun.fcdd(sub, "-c", yaml.toString(), "--set", "output");
    assertThat(badSet.code()).isEqualTo(FcddCommand.USAGE);
    assertThat(badSet.problems())
        .isEqualTo(sub + ": Override 'output' is not key=value (e.g. output=/tmp/out)\n");

    CliRun unknownKey = CliRun.fcdd(sub, "-c", yaml.toString(), "--set", "outptu=y");
    assertThat(unknownKey.code()).isEqualTo(FcddCommand.USAGE);
    assertThat(unknownKey.problems()).startsWith(sub + ": ").contains("unknown key 'outptu'");
    assertThat(unknownKey.err().lines()).hasSize(1);
  }

  @Test
  void theTopLevelCommandNamesWhatIsMissing() {
    CliRun none = CliRun.fcdd();
    assertThat(none.code()).isEqualTo(FcddCommand.USAGE);
    assertThat(none.problems()).startsWith("fcdd: Missing a subcommand");

    CliRun wrong = CliRun.fcdd("trian");
    assertThat(wrong.code()).isEqualTo(FcddCommand.USAGE);
    assertThat(wrong.problems())
        .isEqualTo("fcdd: Unknown command: 'trian' (did you mean 'train'?)\nTry 'fcdd --help'.\n");
    assertThat(CliRun.fcdd("deploy").err()).startsWith("fcdd: Unknown command: 'deploy'\n");

    CliRun help = CliRun.fcdd("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out())
        .contains("ingest", "train", "evaluate", "rank", "pipeline", "sweep", "score", "report");
    assertThat(CliRun.fcdd("--version").out()).startsWith("fcdd-spark ");
  }

  @Test
  void aRankConfigWithNothingToRankFailsBeforeWork(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("rank.yaml");
    java.nio.file.Files.writeString(
        yaml, "output: " + dir.resolve("out") + "\nmetric: sample_auc\n");

    CliRun empty = CliRun.fcdd("rank", "-c", yaml.toString());

    assertThat(empty.code()).isEqualTo(FcddCommand.USAGE);
    assertThat(empty.problems()).contains("Set evaluations or baselines: there is nothing to rank");
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
