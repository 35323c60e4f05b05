package io.barterdude.internal.config;

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
 * batch-flush-millis}, {@code hooks} (comma-separated class names, or {@code none}), {@code
 * max-attempts}, {@code retry-delay-ms}, {@code no-retry-for} (comma-separated exception class
 * names), {@code dead-letter} ({@code auto} or {@code none}) and {@code enabled}; {@code <name>} is
 * {@code @Consume(name)} or {@code SimpleClassName.method}. Invalid values are collected as
 * problems.
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
    return types("hooks", annotated, Hook.class, loader);
  }

  /** Types named by an attribute: comma-separated class names of subtypes of base, or none. */
  <T> List<Class<? extends T>> types(
      String attribute, Class<? extends T>[] annotated, Class<T> base, ClassLoader loader) {
    Optional<String> value = value(attribute).map(String::strip);
    if (value.isEmpty()) {
      return List.of(annotated);
    }
    if (value.get().equals("none")) {
      return List.of();
    }
    List<Class<? extends T>> types = new ArrayList<>();
    for (String name : value.get().split(",")) {
      type(attribute, name.strip(), base, loader).ifPresent(types::add);
    }
    return types;
  }

  private <T> Optional<Class<? extends T>> type(
      String attribute, String name, Class<T> base, ClassLoader loader) {
    try {
      Class<?> type = Class.forName(name, false, loader);
      if (base.isAssignableFrom(type)) {
        return Optional.of(type.asSubclass(base));
      }
      problems.add(
          prefix + attribute + " names " + name + ", which is not a " + base.getSimpleName());
    } catch (ClassNotFoundException e) {
      problems.add(prefix + attribute + " names " + name + ", which is not a class");
    }
    return Optional.empty();
  }

  /** {@code auto} (true), {@code none} (false), or null when unset: the global setting. */
  Boolean deadLetter() {
    Optional<String> value = value("dead-letter").map(String::strip);
    if (value.isEmpty()) {
      return null;
    }
    if (!value.get().equalsIgnoreCase("auto") && !value.get().equalsIgnoreCase("none")) {
      problems.add(prefix + "dead-letter must be auto or none, was '" + value.get() + "'");
      return null;
    }
    return value.get().equalsIgnoreCase("auto");
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
