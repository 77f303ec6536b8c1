package io.fcddspark.spark.cli;

import io.fcddspark.testing.SystemPackages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, for checking the HTML report as a browser shows it: a screenshot,
 * the rendered DOM, and the console messages it logged (flags as the machine notes recommend: no
 * sandbox as root, no background networking on a closed network).
 */
final class HeadlessChromium {
  static final Path BINARY = Path.of("/usr/bin/chromium");

  private HeadlessChromium() {}

  /**
   * Goes on when Chromium is installed; fails under CI, skips elsewhere ({@link SystemPackages}).
   */
  static void require() {
    SystemPackages.require(Files.isExecutable(BINARY), "chromium", "Chromium (" + BINARY + ")");
  }

  /**
   * What Chromium made of a page.
   *
   * @param dom the DOM after loading
   * @param console console lines Chromium logged
   */
  record Rendered(String dom, List<String> console) {
    List<String> errors() {
      return console.stream()
          .filter(
              l ->
                  l.contains("Uncaught")
                      || l.contains("Failed to load")
                      || l.contains(":ERROR:CONSOLE"))
          .toList();
    }
  }

  /** Loads {@code html}, saves a screenshot to {@code screenshot}, returns the DOM and console. */
  static Rendered render(Path html, Path screenshot, Path profile)
      throws IOException, InterruptedException {
    String url = html.toAbsolutePath().toUri().toString();
    run(
        profile,
        List.of("--screenshot=" + screenshot.toAbsolutePath(), "--window-size=1280,3200", url));
    Process p = run(profile, List.of("--dump-dom", url));
    String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    List<String> console = new ArrayList<>();
    for (String line : Files.readAllLines(profile.resolve("stderr.log"))) {
      if (line.contains("CONSOLE")) {
        console.add(line);
      }
    }
    return new Rendered(dom, console);
  }

  /**
   * The width of {@code html}'s laid-out page in a 1280-px-wide window (the document's scroll
   * width: more than 1280 means a horizontal scroll bar), measured on a copy with one line of
   * script added.
   */
  static int scrollWidth(Path html, Path profile) throws IOException, InterruptedException {
    Files.createDirectories(profile);
    Path copy = profile.resolve("measured.html");
    Files.writeString(
        copy,
        Files.readString(html)
            .replace(
                "</body>",
                "<script>document.body.setAttribute('data-scroll-width',"
                    + " String(document.documentElement.scrollWidth))</script></body>"));
    Process p =
        run(profile, List.of("--window-size=1280,800", "--dump-dom", copy.toUri().toString()));
    String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("data-scroll-width=\"(\\d+)\"").matcher(dom);
    if (!m.find()) {
      throw new IOException("Chromium did not report the page width of " + html);
    }
    return Integer.parseInt(m.group(1));
  }

  private static Process run(Path profile, List<String> args)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                BINARY.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--enable-logging=stderr",
                "--log-level=0",
                "--user-data-dir=" + profile.resolve("profile")));
    cmd.addAll(args);
    Files.createDirectories(profile);
    Process p =
        new ProcessBuilder(cmd)
            .redirectError(ProcessBuilder.Redirect.appendTo(profile.resolve("stderr.log").toFile()))
            .start();
    if (args.contains("--dump-dom")) {
      return p; // the caller reads stdout before the process can block on it
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("Chromium did not finish within 120 s: " + cmd);
    }
    return p;
  }
}
