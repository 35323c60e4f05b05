package io.barterdude.internal.extension;

import io.barterdude.hooks.Hook;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * A consumer's settings from MicroProfile Config, which win over its {@code @Consume} attributes:
 * {@code barterdude.consumer.<name>.<attribute>} for {@code queues} (comma-separated), {@code
 * concurrency}, {@code prefetch}, {@code priority}, {@code requeue-on-fail}, {@code
 * validation-schema}, {@code requeue-on-validation-fail}, {@code batch-size}, {@code
 * batch-flush-millis}, {@code hooks} (comma-separated class names, or {@code none}) and {@code
 * enabled}; {@code <name>} is {@code @Consume(name)} or {@code SimpleClassName.method}. Invalid
 * values are collected as problems.
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

  /** The hook types: comma-separated class names of {@link Hook} types, or {@code none}. */
  List<Class<? extends Hook>> hooks(Class<? extends Hook>[] annotated, ClassLoader loader) {
    Optional<String> value = value("hooks").map(String::strip);
    if (value.isEmpty()) {
      return List.of(annotated);
    }
    if (value.get().equals("none")) {
      return List.of();
    }
    List<Class<? extends Hook>> types = new ArrayList<>();
    for (String name : value.get().split(",")) {
      hookType(name.strip(), loader).ifPresent(types::add);
    }
    return types;
  }

  private Optional<Class<? extends Hook>> hookType(String name, ClassLoader loader) {
    try {
      Class<?> type = Class.forName(name, false, loader);
      if (Hook.class.isAssignableFrom(type)) {
        return Optional.of(type.asSubclass(Hook.class));
      }
      problems.add(prefix + "hooks names " + name + ", which is not a Hook");
    } catch (ClassNotFoundException e) {
      problems.add(prefix + "hooks names " + name + ", which is not a class");
    }
    return Optional.empty();
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
