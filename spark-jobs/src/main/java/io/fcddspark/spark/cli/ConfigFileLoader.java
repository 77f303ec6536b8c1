package io.fcddspark.spark.cli;

import io.fcddspark.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;

/** Loads a command's config file with its overrides and checks it, before Spark starts. */
@FunctionalInterface
interface ConfigFileLoader<C> {
  /** The config of {@code file} with {@code overrides} applied. */
  C load(Path file, List<String> overrides);

  /** The loader of a config file of record type {@code type}. */
  static <T> ConfigFileLoader<T> of(Class<T> type) {
    return (file, overrides) -> ConfigLoader.load(file, overrides, type);
  }
}
