package io.fcddspark.config;

import java.util.function.Supplier;

/** A config file, key or value that is wrong; the message names the file, the key and the rule. */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  /** What {@code load} returns; its config error is rethrown with {@code what} named first. */
  public static <T> T in(String what, Supplier<T> load) {
    try {
      return load.get();
    } catch (ConfigException e) {
      throw new ConfigException(what + ": " + e.getMessage(), e);
    }
  }
}
