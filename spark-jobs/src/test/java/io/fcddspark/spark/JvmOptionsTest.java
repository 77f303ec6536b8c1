package io.fcddspark.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.dl4j.OneDnnHelpers;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The launch scripts' JVM options and the build's agree, and the test JVM really has them. */
class JvmOptionsTest {

  @Test
  void scriptOptionsAreTheOnesThisJvmRunsWith() throws IOException {
    String script = Files.readString(Path.of("..", "submit", "jvm-options.sh"));
    Matcher m = Pattern.compile("FCDD_JAVA17_OPENS=\"([^\"]*)\"").matcher(script);
    assertThat(m.find()).as("FCDD_JAVA17_OPENS in submit/jvm-options.sh").isTrue();
    List<String> scriptOpens = Arrays.asList(m.group(1).trim().split("\\s+"));
    List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
    assertThat(jvm).containsAll(scriptOpens);
    long jvmOpens = jvm.stream().filter(a -> a.startsWith("--add-opens")).count();
    assertThat(scriptOpens.stream().filter(a -> a.startsWith("--add-opens")).count())
        .isEqualTo(jvmOpens);
    assertThat(script).contains("-D" + OneDnnHelpers.DISABLE_PROPERTY + "=false");
    assertThat(SparkSessions.JVM_OPTIONS)
        .isEqualTo("-D" + OneDnnHelpers.DISABLE_PROPERTY + "=false");
  }
}
