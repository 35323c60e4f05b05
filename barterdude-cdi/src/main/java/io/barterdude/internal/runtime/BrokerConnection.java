package io.barterdude.internal.runtime;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryDelayHandler;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.ForgivingExceptionHandler;
import com.rabbitmq.client.impl.recovery.RecordedBinding;
import com.rabbitmq.client.impl.recovery.RecordedExchange;
import com.rabbitmq.client.impl.recovery.RecordedQueue;
import com.rabbitmq.client.impl.recovery.TopologyRecoveryFilter;
import io.barterdude.internal.config.Settings;
import io.barterdude.internal.log.Log;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one connection to RabbitMQ. The first connection is retried with an exponential backoff until
 * it succeeds; after that the client's automatic recovery reconnects and restores channels and
 * subscriptions with the same backoff, after {@link ConnectionSetup#declare} ran again.
 */
final class BrokerConnection implements AutoCloseable {

  /** What the application needs on a connection. */
  interface ConnectionSetup {
    /** Declares exchanges, queues and bindings; runs on every connect and recovery. */
    void declare(Connection connection) throws IOException;

    /** Subscribes the consumers; runs once, on the first connect (recovery restores them). */
    void start(Connection connection) throws IOException;
  }

  private static final int CONNECTION_TIMEOUT_MILLIS = 10_000;

  private final Settings settings;
  private final ContainerServices services;
  private final ConnectionSetup setup;
  private final FailureListener failures;
  private final ConnectionFactory factory;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private volatile Connection connection;
  private ScheduledFuture<?> retry;
  private boolean closed;

  /** Told of each failed connection attempt and each lost connection. */
  @FunctionalInterface
  interface FailureListener {
    void onConnectionFail(Throwable error, int retries);
  }

  BrokerConnection(
      Settings settings,
      ContainerServices services,
      ConnectionSetup setup,
      FailureListener failures) {
    this.settings = settings;
    this.services = services;
    this.setup = setup;
    this.failures = failures;
    this.factory = factory(settings, services);
    this.factory.setExceptionHandler(new RecoveryFailures());
  }

  /**
   * Connects in the background, retrying until the broker can be reached. Never on the caller's
   * thread: on Open Liberty the client's I/O thread (from the managed thread factory) waits for the
   * application to finish starting, so a connect from a startup observer would time out.
   */
  void open() {
    synchronized (this) {
      retry =
          services
              .scheduler()
              .schedule(services.withCurrentContext(() -> attempt(1)), 0, TimeUnit.MILLISECONDS);
    }
  }

  /** The connection, or null before the first successful connect. */
  Connection connection() {
    return connection;
  }

  private synchronized void attempt(int attempt) {
    if (closed) {
      return;
    }
    Connection opened = null;
    try {
      opened = factory.newConnection(settings.addresses(), settings.connectionName());
      setup.declare(opened);
      setup.start(opened);
      ((Recoverable) opened).addRecoveryListener(new Redeclare());
      opened.addShutdownListener(this::onShutdown);
      connection = opened;
      consecutiveFailures.set(0);
      Log.connected(settings.connectionName(), settings.addresses());
    } catch (IOException | TimeoutException | RuntimeException e) {
      abort(opened);
      long delay = settings.reconnectDelayMillis(attempt);
      consecutiveFailures.set(attempt);
      Log.connectFailed(attempt, delay, e);
      failures.onConnectionFail(e, attempt);
      retry =
          services
              .scheduler()
              .schedule(
                  services.withCurrentContext(() -> attempt(attempt + 1)),
                  delay,
                  TimeUnit.MILLISECONDS);
    }
  }

  private void onShutdown(ShutdownSignalException cause) {
    if (!cause.isInitiatedByApplication()) {
      Log.connectionLost(cause);
      failures.onConnectionFail(cause, consecutiveFailures.incrementAndGet());
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (retry != null) {
      retry.cancel(false);
    }
    Connection current = connection;
    if (current != null && current.isOpen()) {
      try {
        current.close(CONNECTION_TIMEOUT_MILLIS);
      } catch (IOException | RuntimeException e) {
        abort(current);
      }
    }
  }

  /** Failed connection attempts since the last success; 0 while connected. */
  int consecutiveFailures() {
    return consecutiveFailures.get();
  }

  /** Whether the connection is established and open now. */
  boolean isOpen() {
    Connection current = connection;
    return current != null && current.isOpen();
  }

  private static void abort(Connection connection) {
    if (connection != null) {
      connection.abort(CONNECTION_TIMEOUT_MILLIS);
    }
  }

  private static ConnectionFactory factory(Settings settings, ContainerServices services) {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUsername(settings.username());
    factory.setPassword(settings.password());
    factory.setVirtualHost(settings.virtualHost());
    factory.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setTopologyRecoveryFilter(new ConsumersOnly());
    factory.setRecoveryDelayHandler(backoff(settings));
    services.threadFactory().ifPresent(factory::setThreadFactory);
    return factory;
  }

  /** Runs the declarations again before the client re-subscribes the consumers. */
  private final class Redeclare implements RecoveryListener {
    @Override
    public void handleTopologyRecoveryStarted(Recoverable recoverable) {
      try {
        setup.declare((Connection) recoverable);
      } catch (IOException | RuntimeException e) {
        Log.declarationFailed("the topology after a reconnect", e);
      }
    }

    @Override
    public void handleRecoveryStarted(Recoverable recoverable) {
      // nothing to do before the connection is back
    }

    @Override
    public void handleRecovery(Recoverable recoverable) {
      consecutiveFailures.set(0);
      Log.recovered();
    }
  }

  /** Counts and reports each failed recovery attempt. */
  private final class RecoveryFailures extends ForgivingExceptionHandler {
    @Override
    public void handleConnectionRecoveryException(Connection connection, Throwable error) {
      failures.onConnectionFail(error, consecutiveFailures.incrementAndGet());
    }
  }

  /**
   * Lets the client restore subscriptions only: declarations are made on short-lived channels that
   * the client could not replay, so {@link Redeclare} makes them again instead.
   */
  private static final class ConsumersOnly implements TopologyRecoveryFilter {
    @Override
    public boolean filterExchange(RecordedExchange exchange) {
      return false;
    }

    @Override
    public boolean filterQueue(RecordedQueue queue) {
      return false;
    }

    @Override
    public boolean filterBinding(RecordedBinding binding) {
      return false;
    }
  }

  private static RecoveryDelayHandler backoff(Settings settings) {
    List<Long> delays = new ArrayList<>();
    long max = settings.reconnectMaxDelay().toMillis();
    for (long delay = settings.reconnectDelay().toMillis(); delay < max; delay *= 2) {
      delays.add(delay);
    }
    delays.add(max);
    return new RecoveryDelayHandler.ExponentialBackoffDelayHandler(delays);
  }
}
