package io.barterdude.internal.extension;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * A consumer's settings from MicroProfile Config, which win over its {@code @Consume} attributes:
 * {@code barterdude.consumer.<name>.<attribute>} for {@code queues} (comma-separated), {@code
 * concurrency}, {@code requeue-on-fail}, {@code validation-schema}, {@code
 * requeue-on-validation-fail} and {@code enabled}; {@code <name>} is {@code @Consume(name)} or
 * {@code SimpleClassName.method}. Invalid values are collected as problems.
 */
final class ConsumerOverrides {

  /** The prefix of every per-consumer key. */
  static final String PREFIX = "barterdude.consumer.";

  private final Config config;
  private final String prefix;
  private final List<String> problems = new ArrayList<>();

  ConsumerOverrides(Config config, String configName) {
    this.config = config;
    this.prefix = PREFIX + configName + ".";
  }

  List<String> queues(String[] annotated) {
    return value("queues")
        .map(list -> Arrays.stream(list.split(",")).map(String::strip).toList())
        .orElse(List.of(annotated));
  }

  int integer(String attribute, int annotated) {
    Optional<String> value = value(attribute);
    if (value.isEmpty()) {
      return annotated;
    }
    try {
      return Integer.parseInt(value.get().strip());
    } catch (NumberFormatException e) {
      problems.add(prefix + attribute + " must be an integer, was '" + value.get() + "'");
      return annotated;
    }
  }

  boolean bool(String attribute, boolean annotated) {
    Optional<String> value = value(attribute).map(String::strip);
    if (value.isEmpty()) {
      return annotated;
    }
    if (!value.get().equalsIgnoreCase("true") && !value.get().equalsIgnoreCase("false")) {
      problems.add(prefix + attribute + " must be true or false, was '" + value.get() + "'");
      return annotated;
    }
    return Boolean.parseBoolean(value.get());
  }

  String text(String attribute, String annotated) {
    return value(attribute).orElse(annotated);
  }

  List<String> problems() {
    return problems;
  }

  private Optional<String> value(String attribute) {
    return config == null
        ? Optional.empty()
        : config.getOptionalValue(prefix + attribute, String.class);
  }
}
