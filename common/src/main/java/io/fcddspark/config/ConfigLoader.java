package io.fcddspark.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a job config (a record) from a YAML file, with {@code key=value} overrides. Precedence:
 * override &gt; file &gt; the record's default. Keys are record component names; nested keys and
 * list items are written {@code a.b} and {@code a[0].b}; an override's value is read as YAML, so
 * {@code size=32} is a number and {@code classes=[a, b]} a list.
 *
 * <p>Every error is a {@link ConfigException} naming the file (or override), the key and the rule:
 * an unknown key (with the keys that are known there), a missing or unknown {@code type}, a value
 * of the wrong type, a value the record rejects, a file that does not exist or is not YAML.
 */
public final class ConfigLoader {
  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .build();
  private static final Pattern STEP = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

  private ConfigLoader() {}

  /** Reads {@code type} from the YAML file {@code file}, then applies {@code overrides}. */
  public static <T> T load(Path file, List<String> overrides, Class<T> type) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("Config file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new ConfigException("Cannot read config file " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString(), overrides, type);
  }

  /** Reads {@code type} from YAML {@code text} (named {@code origin} in errors). */
  public static <T> T parse(String text, String origin, List<String> overrides, Class<T> type) {
    JsonNode tree;
    try {
      tree = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConfigException(origin + ": not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      tree = JsonNodeFactory.instance.objectNode();
    }
    if (!tree.isObject()) {
      throw new ConfigException(origin + ": expected a mapping of keys to values at the top");
    }
    for (String o : overrides) {
      apply((ObjectNode) tree, o);
    }
    String from = overrides.isEmpty() ? origin : origin + " with " + String.join(" ", overrides);
    try {
      return YAML.treeToValue(tree, type);
    } catch (UnrecognizedPropertyException e) {
      TreeSet<String> known = new TreeSet<>();
      e.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
      throw new ConfigException(
          String.format(
              "%s: unknown key '%s'%s (known keys there: %s)",
              from,
              path(e),
              Suggestions.didYouMean(e.getPropertyName(), known),
              String.join(", ", known)),
          e);
    } catch (InvalidTypeIdException e) {
      String at = path(e);
      String where = at.isEmpty() ? "" : at + ".";
      String known = knownTypes(e.getBaseType().getRawClass());
      if (e.getTypeId() == null) {
        throw new ConfigException(
            String.format("%s: missing key '%stype' (one of %s)", from, where, known), e);
      }
      throw new ConfigException(
          String.format(
              "%s: key '%stype' is '%s', which is not one of %s",
              from, where, e.getTypeId(), known),
          e);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String at = path(e);
      // Jackson runs a record's constructor before it reports an unknown key next to it: a
      // misspelt key must be reported as such, not as the missing key it was meant to be.
      Class<?> record = e.getType().getRawClass();
      JsonNode node = nodeAt(tree, e.getPath());
      if (record.isRecord() && node != null && node.isObject()) {
        TreeSet<String> known = new TreeSet<>();
        for (java.lang.reflect.RecordComponent c : record.getRecordComponents()) {
          known.add(c.getName());
        }
        List<String> unknown = new ArrayList<>();
        node.fieldNames()
            .forEachRemaining(
                f -> {
                  if (!known.contains(f) && !f.equals("type")) {
                    unknown.add(f);
                  }
                });
        if (!unknown.isEmpty()) {
          throw new ConfigException(
              String.format(
                  "%s: unknown key '%s%s'%s (known keys there: %s)",
                  from,
                  at.isEmpty() ? "" : at + ".",
                  unknown.get(0),
                  Suggestions.didYouMean(unknown.get(0), known),
                  String.join(", ", known)),
              e);
        }
      }
      throw new ConfigException(
          from + ": " + (at.isEmpty() ? "" : at + ": ") + cause.getMessage(), e);
    } catch (MismatchedInputException e) {
      JsonNode given = nodeAt(tree, e.getPath());
      Class<?> target = e.getTargetType();
      String hint =
          target != null && target.isEnum() && given != null && given.isTextual()
              ? Suggestions.didYouMean(given.asText(), ConfigNames.all(target))
              : "";
      throw new ConfigException(
          String.format(
              "%s: key '%s': expected %s, got %s%s",
              from, path(e), ConfigTypes.describe(target), ConfigTypes.describe(given), hint),
          e);
    } catch (JsonMappingException e) {
      throw new ConfigException(
          String.format("%s: key '%s': %s", from, path(e), e.getOriginalMessage().split("\n")[0]),
          e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(from + ": " + e.getOriginalMessage(), e);
    }
  }

  private static String knownTypes(Class<?> base) {
    JsonSubTypes sub = base.getAnnotation(JsonSubTypes.class);
    if (sub == null) {
      return "the known types";
    }
    return Arrays.stream(sub.value()).map(JsonSubTypes.Type::name).sorted().toList().toString();
  }

  private static JsonNode nodeAt(JsonNode root, List<JsonMappingException.Reference> path) {
    JsonNode node = root;
    for (JsonMappingException.Reference r : path) {
      if (node == null) {
        return null;
      }
      node = r.getFieldName() != null ? node.get(r.getFieldName()) : node.get(r.getIndex());
    }
    return node;
  }

  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  /** Applies one {@code key=value} override to {@code root}. */
  static void apply(ObjectNode root, String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException(
          "Override '" + override + "' is not key=value (e.g. output=/tmp/out)");
    }
    String key = override.substring(0, eq).strip();
    List<Object> steps = steps(key, override);
    JsonNode value;
    try {
      value = YAML.readTree(override.substring(eq + 1));
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          "Override '" + override + "': the value is not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (value == null || value.isMissingNode()) {
      value = JsonNodeFactory.instance.textNode("");
    }
    JsonNode node = root;
    for (int i = 0; i < steps.size(); i++) {
      Object step = steps.get(i);
      boolean last = i == steps.size() - 1;
      Object next = last ? null : steps.get(i + 1);
      if (step instanceof String field) {
        if (!(node instanceof ObjectNode obj)) {
          throw new ConfigException(
              "Override '" + override + "': '" + field + "' is not under a mapping");
        }
        if (last) {
          obj.set(field, value);
        } else if (obj.get(field) == null || obj.get(field).isNull()) {
          obj.set(field, next instanceof Integer ? obj.arrayNode() : obj.objectNode());
        }
        node = obj.get(field);
      } else {
        int index = (Integer) step;
        if (!(node instanceof ArrayNode arr) || index >= arr.size()) {
          throw new ConfigException(
              String.format(
                  "Override '%s': there is no item [%d] (the list has %d)",
                  override, index, node instanceof ArrayNode a ? a.size() : 0));
        }
        if (last) {
          arr.set(index, value);
        }
        node = arr.get(index);
      }
    }
  }

  private static List<Object> steps(String key, String override) {
    List<Object> steps = new ArrayList<>();
    Matcher m = STEP.matcher(key);
    int end = 0;
    while (m.find()) {
      String between = key.substring(end, m.start());
      if (!(between.isEmpty() || between.equals("."))) {
        break;
      }
      steps.add(m.group(1) != null ? m.group(1) : (Object) Integer.valueOf(m.group(2)));
      end = m.end();
    }
    if (end != key.length() || steps.isEmpty() || !(steps.get(0) instanceof String)) {
      throw new ConfigException(
          "Override '" + override + "': '" + key + "' is not a key path like a.b or a[0].b");
    }
    return steps;
  }

  /** {@code value}, or {@code fallback} when it is null. */
  public static <V> V orDefault(V value, V fallback) {
    return value == null ? fallback : value;
  }

  /** {@code value}, or a {@link ConfigException} naming the missing key. */
  public static <V> V required(V value, String key) {
    if (value == null) {
      throw new ConfigException("missing key '" + key + "'");
    }
    return Objects.requireNonNull(value);
  }
}
