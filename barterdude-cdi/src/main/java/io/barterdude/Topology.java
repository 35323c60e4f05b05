package io.barterdude;

import java.util.ArrayList;
import java.util.List;
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
 * <p>Everything is declared durable. Declaring something that already exists with the same settings
 * does nothing; different settings make the broker refuse it and BarterDude logs the refusal.
 */
public final class Topology {

  /** A durable exchange to declare. */
  public record Exchange(String name, String type) {}

  /** A binding of a queue to an exchange; the queue is declared durable if it does not exist. */
  public record Binding(String queue, String exchange, String routingKey) {}

  private final List<Exchange> exchanges;
  private final List<Binding> bindings;

  private Topology(Builder builder) {
    this.exchanges = List.copyOf(builder.exchanges);
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
   * The exchanges, in declaration order.
   *
   * @return the exchanges
   */
  public List<Exchange> exchanges() {
    return exchanges;
  }

  /**
   * The bindings, declared after every exchange.
   *
   * @return the bindings
   */
  public List<Binding> bindings() {
    return bindings;
  }

  /** Builds a {@link Topology}. */
  public static final class Builder {
    private final List<Exchange> exchanges = new ArrayList<>();
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
