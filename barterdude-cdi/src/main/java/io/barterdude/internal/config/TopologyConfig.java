package io.barterdude.internal.config;

import io.barterdude.Topology;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;

/**
 * The topology declared in configuration:
 *
 * <ul>
 *   <li>{@code barterdude.topology.exchange.<name>.type=direct}
 *   <li>{@code barterdude.topology.queue.<name>.arguments=x-queue-type=quorum,x-delivery-limit=5}
 *       (numbers become integers, {@code true} and {@code false} booleans, e.g. {@code
 *       x-single-active-consumer=true})
 *   <li>{@code barterdude.topology.binding.<queue>=<exchange>[:<routing key>],...}
 * </ul>
 */
public final class TopologyConfig {

  static final String EXCHANGE = "barterdude.topology.exchange.";
  static final String QUEUE = "barterdude.topology.queue.";
  static final String BINDING = "barterdude.topology.binding.";

  private TopologyConfig() {}

  /**
   * Reads the configured topology through the {@link ConfigReader}.
   *
   * @param config the configuration
   * @return the topology, empty when nothing is configured
   * @throws InvalidConfigurationException listing every malformed entry
   */
  public static Topology read(Config config) {
    ConfigReader reader = new ConfigReader(config);
    Topology.Builder topology = Topology.builder();
    for (String name : keys(config)) {
      ConfigKey key = new ConfigKey(name, null, "");
      try {
        add(topology, key, reader);
      } catch (IllegalArgumentException e) {
        reader.problem(name + ": " + e.getMessage());
      }
    }
    reader.failIfInvalid();
    return topology.build();
  }

  private static TreeSet<String> keys(Config config) {
    TreeSet<String> keys = new TreeSet<>();
    for (String name : config.getPropertyNames()) {
      if (name.startsWith("barterdude.topology.")) {
        keys.add(name);
      }
    }
    return keys;
  }

  private static void add(Topology.Builder topology, ConfigKey key, ConfigReader reader) {
    String name = key.name();
    if (name.startsWith(EXCHANGE) && name.endsWith(".type")) {
      topology.exchange(middle(name, EXCHANGE, ".type"), reader.text(key).strip());
    } else if (name.startsWith(QUEUE) && name.endsWith(".arguments")) {
      topology.queue(middle(name, QUEUE, ".arguments"), arguments(key, reader));
    } else if (name.startsWith(BINDING)) {
      String queue = name.substring(BINDING.length());
      for (String target : reader.list(key)) {
        String[] parts = target.split(":", 2);
        topology.binding(queue, parts[0].strip(), parts.length > 1 ? parts[1].strip() : "");
      }
    } else {
      reader.invalid(
          key,
          "named exchange.<name>.type, queue.<name>.arguments or binding.<queue>",
          reader.optional(key));
    }
  }

  private static String middle(String key, String prefix, String suffix) {
    return key.substring(prefix.length(), key.length() - suffix.length());
  }

  private static Map<String, Object> arguments(ConfigKey key, ConfigReader reader) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    for (String pair : reader.list(key)) {
      String[] parts = pair.split("=", 2);
      if (parts.length != 2 || parts[0].isBlank()) {
        reader.invalid(key, "name=value pairs separated by commas", reader.optional(key));
        return Map.of();
      }
      arguments.put(parts[0].strip(), typed(parts[1].strip()));
    }
    return arguments;
  }

  /** An argument's value as the broker wants it: an integer, a boolean, or else text. */
  private static Object typed(String argument) {
    if (argument.matches("-?\\d+")) {
      return Integer.valueOf(argument);
    }
    if (argument.equals("true") || argument.equals("false")) {
      return Boolean.valueOf(argument);
    }
    return argument;
  }
}
