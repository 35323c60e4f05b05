package io.barterdude.internal.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/** Reads keys and collects every problem instead of stopping at the first. */
final class ConfigReader {

  private final Config config;
  private final List<String> problems = new ArrayList<>();

  ConfigReader(Config config) {
    this.config = config;
  }

  /** The value as configured, or the key's default. */
  String raw(ConfigKey key) {
    return config.getOptionalValue(key.name(), String.class).orElse(key.defaultValue());
  }

  /** Whether the key is set in the configuration (not just defaulted). */
  boolean isSet(ConfigKey key) {
    return config.getOptionalValue(key.name(), String.class).filter(v -> !v.isBlank()).isPresent();
  }

  /** The trimmed value, or null when unset or blank. */
  String optional(ConfigKey key) {
    String value = raw(key);
    return value == null || value.isBlank() ? null : value.trim();
  }

  String text(ConfigKey key) {
    String value = raw(key);
    if (value == null || value.isBlank()) {
      problem(key.name() + " must not be blank");
    }
    return value;
  }

  int integer(ConfigKey key, int min, int max) {
    String value = raw(key);
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException | NullPointerException e) {
      // reported below
    }
    problem(
        key.name() + " must be an integer from " + min + " to " + max + ", was '" + value + "'");
    return min;
  }

  double decimal(ConfigKey key, double min, double max) {
    String value = raw(key);
    try {
      double parsed = Double.parseDouble(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException | NullPointerException e) {
      // reported below
    }
    problem(key.name() + " must be a number from " + min + " to " + max + ", was '" + value + "'");
    return min;
  }

  /** One of the allowed words, case-insensitive, returned in upper case. */
  String choice(ConfigKey key, String... allowed) {
    String value = raw(key) == null ? "" : raw(key).trim();
    for (String word : allowed) {
      if (word.equalsIgnoreCase(value)) {
        return word;
      }
    }
    problem(key.name() + " must be one of " + Arrays.toString(allowed) + ", was '" + value + "'");
    return allowed[0];
  }

  /** A comma-separated list, trimmed, without empty items. */
  List<String> list(ConfigKey key) {
    String value = raw(key);
    if (value == null) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
  }

  Map<String, String> labels(ConfigKey key) {
    String value = raw(key);
    Map<String, String> labels = new LinkedHashMap<>();
    if (value == null || value.isBlank()) {
      return labels;
    }
    for (String pair : value.split(",")) {
      String[] parts = pair.split("=", 2);
      if (parts.length != 2 || !parts[0].trim().matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
        problem(key.name() + " must be name=value pairs separated by commas, was '" + value + "'");
        return Map.of();
      }
      labels.put(parts[0].trim(), parts[1].trim());
    }
    return labels;
  }

  Duration millis(ConfigKey key) {
    return Duration.ofMillis(integer(key, 1, Integer.MAX_VALUE));
  }

  boolean bool(ConfigKey key) {
    String value = raw(key).trim();
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      problem(key.name() + " must be true or false, was '" + value + "'");
    }
    return Boolean.parseBoolean(value);
  }

  /** Records a problem; {@link #failIfInvalid()} reports them all. */
  void problem(String problem) {
    problems.add(problem);
  }

  void failIfInvalid() {
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
  }
}
