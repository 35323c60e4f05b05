package io.barterdude.internal.consuming;

import com.rabbitmq.client.Connection;
import io.barterdude.Topology;
import io.barterdude.internal.config.Settings;
import io.barterdude.internal.connection.TopologyDeclarer;
import io.barterdude.internal.container.ContainerServices;
import io.barterdude.internal.failure.FailureTopology;
import io.barterdude.internal.log.BarterDudeLog;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Brings back the subscriptions a consumer lost while its connection stayed up or came back: one
 * the broker cancelled (its queue was deleted, or its home node went down) and one the broker
 * refused while the client recovered the connection (which closes the consumer's channel). Retries
 * with the reconnect backoff, without limit, until every queue of the consumer has a subscription:
 * opens a new channel if the old one was closed, and subscribes to each queue once it exists (with
 * {@code barterdude.declare-queues}, redeclared as the topology declares it: arguments and
 * bindings, and the dead-letter arguments of its {@link FailureTopology}). One retry runs per
 * consumer at a time. Each failed attempt logs {@code BDCDI0030} with its reason; a refused
 * redeclaration is logged ({@code BDCDI0008}) on the first attempt only.
 */
public final class Resubscriber {

  private final ContainerServices services;
  private final Settings settings;
  private final Supplier<Connection> connection;
  private final Supplier<List<Topology>> topologies;
  private final FailureTopology failures;
  private final Set<ConsumerRunner> pending = ConcurrentHashMap.newKeySet();
  private final Map<ConsumerRunner, ScheduledFuture<?>> retries = new ConcurrentHashMap<>();
  private volatile boolean stopped;

  public Resubscriber(
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

  /** Starts retrying the consumer's lost subscriptions, unless a retry is already under way. */
  public void schedule(ConsumerRunner runner) {
    if (pending.add(runner)) {
      schedule(runner, 1);
    }
  }

  /**
   * Stops retrying and cancels the retries already scheduled, so that none fires after the
   * application stopped (Open Liberty reports a task of a stopped application as an error).
   */
  public void stop() {
    stopped = true;
    retries.values().forEach(retry -> retry.cancel(false));
  }

  private void schedule(ConsumerRunner runner, int attempt) {
    if (stopped) {
      return;
    }
    try {
      ScheduledFuture<?> retry =
          services
              .scheduler()
              .schedule(
                  () -> attempt(runner, attempt),
                  settings.reconnect().delayMillis(attempt),
                  TimeUnit.MILLISECONDS);
      retries.put(runner, retry);
      if (stopped) {
        retry.cancel(false);
      }
    } catch (RejectedExecutionException stopping) {
      pending.remove(runner);
    }
  }

  private void attempt(ConsumerRunner runner, int attempt) {
    if (stopped) {
      return;
    }
    Exception failure = null;
    try {
      Connection current = connection.get();
      if (current == null || !current.isOpen()) {
        throw new IOException("not connected");
      }
      runner.reopenIfClosed(current, settings);
      TopologyDeclarer declarer = new TopologyDeclarer(current, attempt == 1);
      for (String queue : runner.unsubscribed()) {
        Exception error = subscribe(runner, current, declarer, queue);
        failure = failure == null ? error : failure;
      }
    } catch (IOException | RuntimeException e) {
      failure = e;
    }
    if (failure == null) {
      retries.remove(runner);
      pending.remove(runner);
      if (!runner.isSubscribed()) {
        schedule(runner); // lost again meanwhile
      }
    } else {
      long delay = settings.reconnect().delayMillis(attempt + 1);
      BarterDudeLog.resubscribeFailed(
          runner.name(), runner.unsubscribed(), attempt, delay, failure);
      schedule(runner, attempt + 1);
    }
  }

  /**
   * Subscribes the consumer to one queue once it exists; a failure leaves the consumer's other
   * queues alone.
   *
   * @return the failure, or null
   */
  private Exception subscribe(
      ConsumerRunner runner, Connection current, TopologyDeclarer declarer, String queue) {
    try {
      failures.declare(current, queue, settings.declareQueues());
      if (settings.declareQueues()) {
        declarer.redeclare(queue, topologies.get());
      }
      declarer.requireQueue(queue);
      runner.resubscribe(queue);
      return null;
    } catch (IOException | RuntimeException e) {
      return e;
    }
  }
}
