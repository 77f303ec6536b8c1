package io.fcddspark.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes one benchmark's section of a shared Markdown file (docs/benchmarks.md) between {@code <!--
 * begin NAME -->} and {@code <!-- end NAME -->}, leaving the other benchmarks' sections as they
 * are; a new section goes at the end.
 */
final class DocSections {
  private DocSections() {}

  /** For the benchmark scripts: {@code FILE NAME CONTENT-FILE} writes that section of FILE. */
  public static void main(String[] args) throws IOException {
    replace(Path.of(args[0]), args[1], Files.readString(Path.of(args[2]), StandardCharsets.UTF_8));
  }

  /** The content of section NAME of {@code file} (without its markers), if the file has it. */
  static Optional<String> read(Path file, String name) throws IOException {
    return Files.exists(file)
        ? section(Files.readString(file, StandardCharsets.UTF_8), name)
        : Optional.empty();
  }

  /** The content of section NAME of {@code text} (without its markers), if it has one. */
  static Optional<String> section(String text, String name) {
    String begin = begin(name);
    String end = end(name);
    int a = text.indexOf(begin);
    int b = text.indexOf(end);
    return a >= 0 && b > a
        ? Optional.of(text.substring(a + begin.length(), b).strip())
        : Optional.empty();
  }

  /** {@code content} between the markers of section NAME. */
  static String wrap(String name, String content) {
    return begin(name) + content.strip() + "\n" + end(name);
  }

  private static String begin(String name) {
    return "<!-- begin " + name + " -->\n";
  }

  private static String end(String name) {
    return "<!-- end " + name + " -->\n";
  }

  static void replace(Path file, String name, String content) throws IOException {
    String begin = begin(name);
    String end = end(name);
    String text =
        Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n\n";
    String section = wrap(name, content);
    int a = text.indexOf(begin);
    int b = text.indexOf(end);
    if (a >= 0 && b > a) {
      text = text.substring(0, a) + section + text.substring(b + end.length());
    } else {
      text = text.stripTrailing() + "\n\n" + section;
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
