package io.barterdude.internal.runtime;

import com.rabbitmq.client.Connection;
import io.barterdude.Topology;
import io.barterdude.internal.config.Settings;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Brings back a subscription the broker cancelled (its queue was deleted): retries with the
 * reconnect backoff until the queue exists again (or, with {@code barterdude.declare-queues}, until
 * it is redeclared as the topology declares it: arguments and bindings, and the dead-letter
 * arguments of its {@link FailureTopology}), then subscribes again.
 */
final class Resubscriber {

  private final ContainerServices services;
  private final Settings settings;
  private final Supplier<Connection> connection;
  private final Supplier<List<Topology>> topologies;
  private final FailureTopology failures;
  private volatile boolean stopped;

  Resubscriber(
      ContainerServices services,
      Settings settings,
      Supplier<Connection> connection,
      Supplier<List<Topology>> topologies,
      FailureTopology failures) {
    this.services = services;
    this.settings = settings;
    this.connection = connection;
    this.topologies = topologies;
    this.failures = failures;
  }

  void schedule(ConsumerRunner runner, String queue) {
    schedule(runner, queue, 1);
  }

  void stop() {
    stopped = true;
  }

  private void schedule(ConsumerRunner runner, String queue, int attempt) {
    if (!stopped) {
      services
          .scheduler()
          .schedule(
              () -> attempt(runner, queue, attempt),
              settings.reconnectDelayMillis(attempt),
              TimeUnit.MILLISECONDS);
    }
  }

  private void attempt(ConsumerRunner runner, String queue, int attempt) {
    if (stopped) {
      return;
    }
    try {
      Connection current = connection.get();
      if (current == null || !current.isOpen()) {
        throw new IOException("not connected");
      }
      TopologyDeclarer declarer = new TopologyDeclarer(current);
      failures.declare(current, queue, settings.declareQueues());
      if (settings.declareQueues()) {
        declarer.redeclare(queue, topologies.get());
      } else {
        declarer.requireQueue(queue);
      }
      runner.resubscribe(queue);
    } catch (IOException | RuntimeException e) {
      schedule(runner, queue, attempt + 1);
    }
  }
}
