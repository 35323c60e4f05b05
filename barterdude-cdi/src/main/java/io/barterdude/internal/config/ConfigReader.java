package io.barterdude.internal.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * Reads keys and collects every problem instead of stopping at the first. Every key is read by the
 * same rules: surrounding white space is stripped, a number must lie in the key's range, words are
 * case-insensitive, and an invalid value is one problem in one format, {@code <key> must be <rule>,
 * was '<value>'} (secrets are read as text, which never quotes the value). The global keys, the
 * per-consumer keys ({@link ConsumerOverrides}) and the topology keys ({@link TopologyConfig}) all
 * go through it.
 */
final class ConfigReader {

  private final Config config;
  private final List<String> problems = new ArrayList<>();

  ConfigReader(Config config) {
    this.config = config;
  }

  /** The value as configured, or the key's default (null when it has none). */
  String raw(ConfigKey key) {
    return config == null
        ? key.defaultValue()
        : config.getOptionalValue(key.name(), String.class).orElse(key.defaultValue());
  }

  /** Whether the key is set in the configuration (not just defaulted). */
  boolean isSet(ConfigKey key) {
    return config != null
        && config.getOptionalValue(key.name(), String.class).filter(v -> !v.isBlank()).isPresent();
  }

  /** The stripped value, or null when unset or blank. */
  String optional(ConfigKey key) {
    String value = raw(key);
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** The value as configured (a password keeps its spaces); a problem when unset or blank. */
  String text(ConfigKey key) {
    String value = raw(key);
    if (value == null || value.isBlank()) {
      problem(key.name() + " must not be blank");
    }
    return value;
  }

  int integer(ConfigKey key, int min, int max) {
    return integer(key, min, max, min);
  }

  /**
   * An integer from min to max.
   *
   * @param fallback the result when the key is unset (and has no default) or invalid
   */
  int integer(ConfigKey key, int min, int max, int fallback) {
    return parsed(
        key,
        "an integer from " + min + " to " + max,
        fallback,
        value -> inRange(Integer.parseInt(value), min, max));
  }

  double decimal(ConfigKey key, double min, double max) {
    return parsed(
        key,
        "a number from " + min + " to " + max,
        min,
        value -> inRange(Double.parseDouble(value), min, max));
  }

  /** One of the allowed words, case-insensitive, returned as spelled in allowed. */
  String choice(ConfigKey key, String... allowed) {
    return choice(key, allowed[0], allowed);
  }

  /**
   * One of the allowed words, case-insensitive, returned as spelled in allowed.
   *
   * @param fallback the result when the key is unset (and has no default) or invalid
   */
  String choice(ConfigKey key, String fallback, String[] allowed) {
    return parsed(
        key,
        "one of " + Arrays.toString(allowed),
        fallback,
        value -> Arrays.stream(allowed).filter(value::equalsIgnoreCase).findFirst().orElse(null));
  }

  boolean bool(ConfigKey key) {
    return bool(key, false);
  }

  /**
   * {@code true} or {@code false}, case-insensitive.
   *
   * @param fallback the result when the key is unset (and has no default) or invalid
   */
  boolean bool(ConfigKey key, boolean fallback) {
    return parsed(
        key,
        "true or false",
        fallback,
        value ->
            value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")
                ? Boolean.parseBoolean(value)
                : null);
  }

  /** A comma-separated list, each item stripped; an empty item is a problem. */
  List<String> list(ConfigKey key) {
    return list(key, List.of());
  }

  /**
   * A comma-separated list, each item stripped; an empty item is a problem.
   *
   * @param fallback the result when the key is unset (and has no default) or invalid
   */
  List<String> list(ConfigKey key, List<String> fallback) {
    return parsed(
        key,
        "a comma-separated list without empty items",
        fallback,
        value -> {
          List<String> items = Arrays.stream(value.split(",", -1)).map(String::strip).toList();
          return items.contains("") ? null : items;
        });
  }

  Map<String, String> labels(ConfigKey key) {
    String value = raw(key);
    Map<String, String> labels = new LinkedHashMap<>();
    if (value == null || value.isBlank()) {
      return labels;
    }
    for (String pair : value.split(",")) {
      String[] parts = pair.split("=", 2);
      if (parts.length != 2 || !parts[0].strip().matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
        invalid(key, "name=value pairs separated by commas", value.strip());
        return Map.of();
      }
      labels.put(parts[0].strip(), parts[1].strip());
    }
    return labels;
  }

  /** Milliseconds, at least 1. */
  Duration millis(ConfigKey key) {
    return Duration.ofMillis(integer(key, 1, Integer.MAX_VALUE));
  }

  /** Records a problem; {@link #failIfInvalid()} reports them all. */
  void problem(String problem) {
    problems.add(problem);
  }

  /** The problems recorded so far. */
  List<String> problems() {
    return List.copyOf(problems);
  }

  void failIfInvalid() {
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
  }

  /**
   * The stripped value parsed, or the fallback when the key is unset or the value invalid (a
   * problem then).
   *
   * @param rule what a valid value is, for the problem
   * @param parse the parsed value, or null (or a {@link NumberFormatException}) when invalid
   */
  private <T> T parsed(ConfigKey key, String rule, T fallback, Function<String, T> parse) {
    String value = raw(key);
    if (value == null) {
      return fallback;
    }
    String stripped = value.strip();
    T parsedValue;
    try {
      parsedValue = parse.apply(stripped);
    } catch (NumberFormatException e) {
      parsedValue = null;
    }
    if (parsedValue == null) {
      invalid(key, rule, stripped);
      return fallback;
    }
    return parsedValue;
  }

  /** Records that the key's value breaks its rule. */
  void invalid(ConfigKey key, String rule, String value) {
    problem(key.name() + " must be " + rule + ", was '" + value + "'");
  }

  private static <N extends Comparable<N>> N inRange(N value, N min, N max) {
    return value.compareTo(min) >= 0 && value.compareTo(max) <= 0 ? value : null;
  }
}
