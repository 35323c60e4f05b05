package io.barterdude.internal.config;

import java.util.ArrayList;
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
 * names, or {@code none}), {@code dead-letter} ({@code auto} or {@code none}) and {@code enabled};
 * {@code <name>} is {@code @Consume(name)} or {@code SimpleClassName.method}. Read by the same
 * {@link ConfigReader} as the global keys, with the same rules and messages; an unset key leaves
 * the annotation's value, an invalid one is a problem (and leaves it too).
 */
public final class ConsumerOverrides {

  /** The prefix of every per-consumer key. */
  private static final String PREFIX = "barterdude.consumer.";

  private final ConfigReader reader;
  private final String configName;

  /**
   * Reads the keys of one consumer.
   *
   * @param config the configuration, or null when there is none (every attribute as annotated)
   * @param configName the consumer's name in its keys
   */
  public ConsumerOverrides(Config config, String configName) {
    this.reader = new ConfigReader(config);
    this.configName = configName;
  }

  /**
   * The queues: {@code queues}, comma-separated, each name stripped.
   *
   * @param annotated the annotation's queues
   * @return the queues
   */
  public List<String> queues(String[] annotated) {
    return reader.list(key("queues"), List.of(annotated));
  }

  /**
   * An integer attribute, from min to max.
   *
   * @param attribute the attribute's key segment, e.g. {@code concurrency}
   * @param annotated the annotation's value
   * @param min the smallest valid value
   * @param max the largest valid value
   * @return the configured value, or the annotated one
   */
  public int integer(String attribute, int annotated, int min, int max) {
    return reader.integer(key(attribute), min, max, annotated);
  }

  /**
   * A boolean attribute, {@code true} or {@code false}.
   *
   * @param attribute the attribute's key segment, e.g. {@code requeue-on-fail}
   * @param annotated the annotation's value
   * @return the configured value, or the annotated one
   */
  public boolean bool(String attribute, boolean annotated) {
    return reader.bool(key(attribute), annotated);
  }

  /**
   * A text attribute, stripped; blank counts as unset.
   *
   * @param attribute the attribute's key segment, e.g. {@code validation-schema}
   * @param annotated the annotation's value
   * @return the configured value, or the annotated one
   */
  public String text(String attribute, String annotated) {
    return Optional.ofNullable(reader.optional(key(attribute))).orElse(annotated);
  }

  /**
   * Types named by an attribute: comma-separated class names of subtypes of base, or {@code none}.
   *
   * @param attribute the attribute's key segment, e.g. {@code hooks}
   * @param annotated the annotation's types
   * @param base the type every named class must extend
   * @param loader the class loader to load them with
   * @param <T> the base type
   * @return the configured types, or the annotated ones
   */
  public <T> List<Class<? extends T>> types(
      String attribute, Class<? extends T>[] annotated, Class<T> base, ClassLoader loader) {
    List<String> names = reader.list(key(attribute), null);
    if (names == null) {
      return List.of(annotated);
    }
    if (names.equals(List.of("none"))) {
      return List.of();
    }
    List<Class<? extends T>> types = new ArrayList<>();
    for (String name : names) {
      type(attribute, name, base, loader).ifPresent(types::add);
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
      reader.problem(
          key(attribute).name() + " names " + name + ", which is not a " + base.getSimpleName());
    } catch (ClassNotFoundException e) {
      reader.problem(key(attribute).name() + " names " + name + ", which is not a class");
    }
    return Optional.empty();
  }

  /**
   * {@code dead-letter}: {@code auto} or {@code none}.
   *
   * @return true for {@code auto}, false for {@code none}, null when unset (the global setting)
   */
  public Boolean deadLetter() {
    String word = reader.choice(key("dead-letter"), null, new String[] {"auto", "none"});
    return word == null ? null : word.equals("auto");
  }

  /**
   * The invalid keys read so far, each naming the key and its value.
   *
   * @return the problems, empty when every key read was valid
   */
  public List<String> problems() {
    return reader.problems();
  }

  private ConfigKey key(String attribute) {
    return new ConfigKey(
        PREFIX + configName + "." + attribute,
        null,
        "@Consume attribute " + attribute + " of consumer " + configName);
  }
}
