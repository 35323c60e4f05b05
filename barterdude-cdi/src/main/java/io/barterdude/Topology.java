package io.barterdude;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Exchanges, queues and bindings BarterDude declares on the broker at startup, before any consumer
 * starts (and again after a connection recovery). Produce one or more as CDI beans:
 *
 * <pre>{@code
 * @Produces
 * Topology topology() {
 *   return Topology.builder().exchange("my_exchange", "direct").build();
 * }
 * }</pre>
 *
 * <p>or declare it in configuration (see the README): {@code
 * barterdude.topology.exchange.<name>.type}, {@code barterdude.topology.queue.<name>.arguments} and
 * {@code barterdude.topology.binding.<queue>}. Everything is durable. Declaring something that
 * already exists with the same settings does nothing; different settings (another exchange type,
 * other queue arguments) make the broker refuse it, and BarterDude logs the broker's reason ({@code
 * BDCDI0008}) and goes on with the rest.
 */
public final class Topology {

  /**
   * A durable exchange to declare.
   *
   * @param name the exchange name
   * @param type {@code direct}, {@code fanout}, {@code topic}, {@code headers} or a plugin type
   */
  public record Exchange(String name, String type) {}

  /**
   * A durable queue to declare with arguments, e.g. {@code x-queue-type=quorum}, {@code
   * x-dead-letter-exchange}, {@code x-delivery-limit}.
   *
   * @param name the queue name
   * @param arguments the declaration arguments
   */
  public record Queue(String name, Map<String, Object> arguments) {}

  /**
   * A binding of a queue to an exchange; the queue is declared durable if it does not exist.
   *
   * @param queue the queue name
   * @param exchange the exchange name
   * @param routingKey the binding key, may be empty
   */
  public record Binding(String queue, String exchange, String routingKey) {}

  private final List<Exchange> exchanges;
  private final List<Queue> queues;
  private final List<Binding> bindings;

  private Topology(Builder builder) {
    this.exchanges = List.copyOf(builder.exchanges);
    this.queues = List.copyOf(builder.queues);
    this.bindings = List.copyOf(builder.bindings);
  }

  /**
   * Starts an empty topology.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The exchanges, declared first.
   *
   * @return the exchanges
   */
  public List<Exchange> exchanges() {
    return exchanges;
  }

  /**
   * The queues, declared after the exchanges.
   *
   * @return the queues
   */
  public List<Queue> queues() {
    return queues;
  }

  /**
   * The bindings, declared last.
   *
   * @return the bindings
   */
  public List<Binding> bindings() {
    return bindings;
  }

  /** Builds a {@link Topology}. */
  public static final class Builder {
    private final List<Exchange> exchanges = new ArrayList<>();
    private final List<Queue> queues = new ArrayList<>();
    private final List<Binding> bindings = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a durable exchange.
     *
     * @param name the exchange name
     * @param type {@code direct}, {@code fanout}, {@code topic}, {@code headers} or a plugin type
     * @return this builder
     */
    public Builder exchange(String name, String type) {
      exchanges.add(new Exchange(requireText(name, "exchange name"), requireText(type, "type")));
      return this;
    }

    /**
     * Adds a durable queue with arguments.
     *
     * @param name the queue name
     * @param arguments e.g. {@code Map.of("x-queue-type", "quorum")}
     * @return this builder
     */
    public Builder queue(String name, Map<String, Object> arguments) {
      queues.add(new Queue(requireText(name, "queue name"), Map.copyOf(arguments)));
      return this;
    }

    /**
     * Binds a queue (declared durable if missing) to an exchange.
     *
     * @param queue the queue name
     * @param exchange the exchange name
     * @param routingKey the binding key, may be empty
     * @return this builder
     */
    public Builder binding(String queue, String exchange, String routingKey) {
      bindings.add(
          new Binding(
              requireText(queue, "queue name"),
              requireText(exchange, "exchange name"),
              Objects.requireNonNull(routingKey, "routingKey")));
      return this;
    }

    /**
     * Builds the topology.
     *
     * @return an immutable topology
     */
    public Topology build() {
      return new Topology(this);
    }

    private static String requireText(String value, String what) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      return value;
    }
  }
}
