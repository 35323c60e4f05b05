package io.barterdude.internal.config;

import io.barterdude.Topology;
import java.util.LinkedHashMap;
import java.util.List;
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
   * Reads the configured topology.
   *
   * @param config the configuration
   * @return the topology, empty when nothing is configured
   * @throws InvalidConfigurationException for a malformed entry
   */
  public static Topology read(Config config) {
    Topology.Builder topology = Topology.builder();
    for (String key : keys(config)) {
      String value = config.getValue(key, String.class).strip();
      try {
        add(topology, key, value);
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationException(
            List.of(key + " is invalid (" + e.getMessage() + "), was '" + value + "'"));
      }
    }
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

  private static void add(Topology.Builder topology, String key, String value) {
    if (key.startsWith(EXCHANGE) && key.endsWith(".type")) {
      topology.exchange(middle(key, EXCHANGE, ".type"), value);
    } else if (key.startsWith(QUEUE) && key.endsWith(".arguments")) {
      topology.queue(middle(key, QUEUE, ".arguments"), arguments(value));
    } else if (key.startsWith(BINDING)) {
      String queue = key.substring(BINDING.length());
      for (String target : value.split(",")) {
        String[] parts = target.strip().split(":", 2);
        topology.binding(queue, parts[0], parts.length > 1 ? parts[1] : "");
      }
    } else {
      throw new IllegalArgumentException("unknown topology key");
    }
  }

  private static String middle(String key, String prefix, String suffix) {
    return key.substring(prefix.length(), key.length() - suffix.length());
  }

  private static Map<String, Object> arguments(String value) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    for (String pair : value.split(",")) {
      String[] parts = pair.strip().split("=", 2);
      if (parts.length != 2 || parts[0].isBlank()) {
        throw new IllegalArgumentException("arguments must be name=value pairs");
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
