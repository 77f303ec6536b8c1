package io.fcddspark.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.List;

/**
 * The names config files use for enum choices: a constant's {@code @JsonProperty}, else its name.
 */
public final class ConfigNames {
  private ConfigNames() {}

  /** How a config file writes {@code choice}. */
  public static String of(Enum<?> choice) {
    try {
      JsonProperty name =
          choice.getDeclaringClass().getField(choice.name()).getAnnotation(JsonProperty.class);
      return name == null || name.value().isEmpty() ? choice.name() : name.value();
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("An enum constant without its field: " + choice, e);
    }
  }

  /** How a config file writes each of {@code type}'s choices, in declaration order. */
  public static List<String> all(Class<?> type) {
    return Arrays.stream(type.getEnumConstants()).map(c -> of((Enum<?>) c)).toList();
  }
}
