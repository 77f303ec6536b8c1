package io.fcddspark.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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

  static void replace(Path file, String name, String content) throws IOException {
    String begin = "<!-- begin " + name + " -->\n";
    String end = "<!-- end " + name + " -->\n";
    String text =
        Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n\n";
    String section = begin + content.strip() + "\n" + end;
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
