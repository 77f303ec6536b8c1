package io.fcddspark.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Map;

/** Config value types and given values in a user's words, for type errors. */
final class ConfigTypes {
  private ConfigTypes() {}

  /** What a key of type {@code type} takes ("a whole number", "one of [SGD, ADAM]", ...). */
  static String describe(Class<?> type) {
    if (type == null) {
      return "another kind of value";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Double.class
        || type == double.class
        || type == Float.class
        || type == float.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "text";
    }
    if (type.isEnum()) {
      return "one of " + ConfigNames.all(type);
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type.isRecord() || Map.class.isAssignableFrom(type)) {
      return "a mapping of keys to values";
    }
    return "a " + type.getSimpleName();
  }

  /** The value a user gave, as they would recognise it. */
  static String describe(JsonNode given) {
    if (given == null || given.isMissingNode() || given.isNull()) {
      return "nothing";
    }
    if (given.isArray()) {
      return "a list";
    }
    if (given.isObject()) {
      return "a mapping";
    }
    return "'" + given.asText() + "'";
  }
}
