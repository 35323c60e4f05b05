package io.barterdude.internal.consuming;

import com.rabbitmq.client.Connection;
import io.barterdude.internal.config.Settings;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/** The application's consumers, in discovery order: what is done to all, and lookups by name. */
public final class Consumers {

  private final List<ConsumerRunner> runners;

  /**
   * Holds the consumers.
   *
   * @param runners the consumers, in discovery order
   */
  public Consumers(List<ConsumerRunner> runners) {
    this.runners = List.copyOf(runners);
  }

  /**
   * Every consumer.
   *
   * @return the consumers, in discovery order
   */
  public List<ConsumerRunner> all() {
    return runners;
  }

  /**
   * The queues the consumers read.
   *
   * @return each queue once
   */
  public List<String> queues() {
    return runners.stream().flatMap(runner -> runner.queues().stream()).distinct().toList();
  }

  /**
   * Subscribes every consumer on a new connection.
   *
   * @throws IOException if the broker refuses a subscription
   */
  public void start(Connection connection, Settings settings) throws IOException {
    for (ConsumerRunner runner : runners) {
      runner.start(connection, settings);
    }
  }

  /**
   * Waits for the running handlers of every consumer, until the deadline.
   *
   * @param deadline epoch millis
   */
  public void awaitHandlers(long deadline) {
    try {
      for (ConsumerRunner runner : runners) {
        runner.awaitHandlers(Math.max(1, deadline - System.currentTimeMillis()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Each consumer's name and whether all its subscriptions are live.
   *
   * @return consumer name to subscribed, in discovery order
   */
  public Map<String, Boolean> subscriptions() {
    Map<String, Boolean> states = new LinkedHashMap<>();
    runners.forEach(runner -> states.put(runner.name(), runner.isSubscribed()));
    return states;
  }

  /**
   * Each consumer's name and how many messages it handles now.
   *
   * @return consumer name to in-flight count supplier
   */
  public Map<String, IntSupplier> inFlight() {
    Map<String, IntSupplier> counts = new LinkedHashMap<>();
    runners.forEach(runner -> counts.put(runner.name(), runner::inFlight));
    return counts;
  }

  /**
   * The consumer with that name ({@code @Consume(name)} or {@code SimpleClass.method}), or else the
   * one consumer whose name ends with it (e.g. its method's name).
   *
   * @param consumer the name
   * @return the consumer
   * @throws IllegalArgumentException if no consumer has that name, or several do (listed)
   */
  public ConsumerRunner named(String consumer) {
    Pattern suffix = Pattern.compile(".*[.$]" + Pattern.quote(consumer));
    List<ConsumerRunner> exact = runners.stream().filter(r -> r.name().equals(consumer)).toList();
    List<ConsumerRunner> found =
        exact.isEmpty()
            ? runners.stream().filter(r -> suffix.matcher(r.name()).matches()).toList()
            : exact;
    if (found.size() == 1) {
      return found.get(0);
    }
    throw new IllegalArgumentException(
        found.isEmpty()
            ? "no consumer named '" + consumer + "'; consumers: " + subscriptions().keySet()
            : "'"
                + consumer
                + "' fits several consumers, give a whole name: "
                + found.stream().map(ConsumerRunner::name).sorted().toList());
  }
}
