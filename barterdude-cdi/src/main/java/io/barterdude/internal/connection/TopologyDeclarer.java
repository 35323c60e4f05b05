package io.barterdude.internal.connection;

import com.rabbitmq.client.Connection;
import io.barterdude.Topology;
import io.barterdude.internal.log.BarterDudeLog;
import java.io.IOException;
import java.util.Collection;

/**
 * Declares the application's {@link Topology} beans and the consumed queues on a new connection:
 * the exchanges of every topology first, then the queues, then the bindings, so that one bean may
 * bind to an exchange another bean (or the configuration) declares. A queue that already exists is
 * used as it is (whatever its type and arguments); only a missing one is declared, durable. A
 * declaration the broker refuses is logged and the rest goes on.
 */
public final class TopologyDeclarer {

  private final Connection connection;
  private final boolean reportRefusals;

  public TopologyDeclarer(Connection connection) {
    this(connection, true);
  }

  /**
   * A declarer that logs a refused declaration ({@code BDCDI0008}) only if {@code reportRefusals}:
   * a retry that already reported the same refusal stays quiet.
   */
  public TopologyDeclarer(Connection connection, boolean reportRefusals) {
    this.connection = connection;
    this.reportRefusals = reportRefusals;
  }

  public void declare(Iterable<Topology> topologies, Collection<String> consumedQueues)
      throws IOException {
    topologies.forEach(topology -> topology.exchanges().forEach(this::declareExchange));
    topologies.forEach(topology -> topology.queues().forEach(this::declareQueue));
    for (Topology topology : topologies) {
      for (Topology.Binding binding : topology.bindings()) {
        ensureQueue(binding.queue());
        bind(binding);
      }
    }
    for (String queue : consumedQueues) {
      ensureQueue(queue);
    }
  }

  private void declareExchange(Topology.Exchange exchange) {
    attempt(
        "exchange '" + exchange.name() + "'",
        () ->
            Channels.withChannel(
                connection, ch -> ch.exchangeDeclare(exchange.name(), exchange.type(), true)));
  }

  private void declareQueue(Topology.Queue queue) {
    attempt(
        "queue '" + queue.name() + "' with " + queue.arguments(),
        () ->
            Channels.withChannel(
                connection,
                ch -> ch.queueDeclare(queue.name(), true, false, false, queue.arguments())));
  }

  private void bind(Topology.Binding binding) {
    attempt(
        "binding " + binding,
        () ->
            Channels.withChannel(
                connection,
                ch -> ch.queueBind(binding.queue(), binding.exchange(), binding.routingKey())));
  }

  /** Declares the queue durable unless it already exists. */
  void ensureQueue(String queue) throws IOException {
    try {
      Channels.withChannel(connection, ch -> ch.queueDeclarePassive(queue));
    } catch (IOException e) {
      if (!Channels.isNotFound(e)) {
        throw e;
      }
      attempt(
          "queue '" + queue + "'",
          () ->
              Channels.withChannel(
                  connection, ch -> ch.queueDeclare(queue, true, false, false, null)));
    }
  }

  /**
   * Declares again a queue that was deleted: with the arguments and bindings a topology gives it,
   * else durable as {@link #ensureQueue(String)} does.
   */
  public void redeclare(String queue, Iterable<Topology> topologies) throws IOException {
    for (Topology topology : topologies) {
      topology.queues().stream().filter(q -> q.name().equals(queue)).forEach(this::declareQueue);
    }
    ensureQueue(queue);
    for (Topology topology : topologies) {
      topology.bindings().stream().filter(b -> b.queue().equals(queue)).forEach(this::bind);
    }
  }

  /** Fails unless the queue exists. */
  public void requireQueue(String queue) throws IOException {
    Channels.withChannel(connection, ch -> ch.queueDeclarePassive(queue));
  }

  private void attempt(String what, IoAction action) {
    try {
      action.run();
    } catch (IOException | RuntimeException e) {
      if (reportRefusals) {
        BarterDudeLog.declarationFailed(what, e);
      }
    }
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }
}
