package io.barterdude.internal.connection;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.TopologyRecoveryException;
import com.rabbitmq.client.impl.ForgivingExceptionHandler;
import com.rabbitmq.client.impl.recovery.RecordedBinding;
import com.rabbitmq.client.impl.recovery.RecordedExchange;
import com.rabbitmq.client.impl.recovery.RecordedQueue;
import com.rabbitmq.client.impl.recovery.TopologyRecoveryFilter;
import io.barterdude.internal.config.Settings;
import io.barterdude.internal.container.ContainerServices;
import io.barterdude.internal.log.BarterDudeLog;
import java.io.IOException;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One of the application's two connections to RabbitMQ ({@code <connection-name>-consume} and
 * {@code -publish}, so that a publisher blocked by the broker never stops consumers from receiving
 * and acknowledging). The first connection is retried with an exponential backoff until it
 * succeeds; after that the client's automatic recovery reconnects and restores channels and
 * subscriptions with the same backoff, after {@link ConnectionSetup#declare} ran again.
 */
public final class BrokerConnection implements AutoCloseable {

  /** What the application needs on a connection. */
  public interface ConnectionSetup {
    /** Declares exchanges, queues and bindings; runs on every connect and recovery. */
    void declare(Connection connection) throws IOException;

    /** Subscribes the consumers; runs once, on the first connect (recovery restores them). */
    void start(Connection connection) throws IOException;

    /** Runs after the client recovered the connection. */
    default void recovered() {}
  }

  /** The longest wait for a connection to close before it is aborted. */
  private static final int CLOSE_TIMEOUT_MILLIS = 10_000;

  private final Settings settings;
  private final String name;
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
  public interface FailureListener {
    void onConnectionFail(Throwable error, int retries);
  }

  /**
   * Creates a connection, not yet opened.
   *
   * @param role {@code consume} or {@code publish}, appended to the connection name
   * @param factory a factory of its own from {@link ConnectionFactories}
   */
  public BrokerConnection(
      Settings settings,
      String role,
      ConnectionFactory factory,
      ContainerServices services,
      ConnectionSetup setup,
      FailureListener failures) {
    this.settings = settings;
    this.name = settings.broker().connectionName(role);
    this.services = services;
    this.setup = setup;
    this.failures = failures;
    this.factory = factory;
    factory.setTopologyRecoveryFilter(new ConsumersOnly());
    // the client asks for getDelay(0) before its first recovery attempt, getDelay(n) after n failed
    factory.setRecoveryDelayHandler(failed -> settings.reconnect().delayMillis(failed + 1));
    factory.setExceptionHandler(new RecoveryFailures());
  }

  /**
   * Connects in the background, retrying until the broker can be reached. Never on the caller's
   * thread: on Open Liberty the client's I/O thread (from the managed thread factory) waits for the
   * application to finish starting, so a connect from a startup observer would time out.
   */
  public void open() {
    synchronized (this) {
      retry =
          services
              .scheduler()
              .schedule(services.withCurrentContext(() -> attempt(1)), 0, TimeUnit.MILLISECONDS);
    }
  }

  /** The connection, or null before the first successful connect. */
  public Connection connection() {
    return connection;
  }

  private synchronized void attempt(int attempt) {
    if (closed) {
      return;
    }
    Connection opened = null;
    try {
      opened = newConnection();
      setup.declare(opened);
      setup.start(opened);
      ((Recoverable) opened).addRecoveryListener(new Redeclare());
      opened.addShutdownListener(this::onShutdown);
      connection = opened;
      consecutiveFailures.set(0);
      BarterDudeLog.connected(name, node());
    } catch (IOException | TimeoutException | RuntimeException e) {
      abort(opened);
      long delay = settings.reconnect().delayMillis(attempt);
      consecutiveFailures.set(attempt);
      BarterDudeLog.connectFailed(name, attempt, delay, e);
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

  /**
   * Connects to one of the addresses. A single address keeps the client's own resolution (every IP
   * address of a host name, shuffled); a list is tried in the order {@link AddressOrder} gives, on
   * this connect and on each recovery. (No executor: the client's default, as for a list.)
   */
  private Connection newConnection() throws IOException, TimeoutException {
    List<Address> addresses = settings.broker().addresses();
    return addresses.size() == 1
        ? factory.newConnection(addresses, name)
        : factory.newConnection(
            null, new AddressOrder(addresses, settings.broker().shuffleAddresses()), name);
  }

  private void onShutdown(ShutdownSignalException cause) {
    if (!cause.isInitiatedByApplication()) {
      BarterDudeLog.connectionLost(name, cause);
      failures.onConnectionFail(cause, consecutiveFailures.incrementAndGet());
    }
  }

  /**
   * Closes the connection, waiting at most the given time for the broker; messages not acknowledged
   * return to their queues.
   */
  public void close(long timeoutMillis) {
    Connection current;
    synchronized (this) {
      closed = true;
      if (retry != null) {
        retry.cancel(false);
      }
      current = connection;
    }
    int timeout = (int) Math.max(1, Math.min(timeoutMillis, CLOSE_TIMEOUT_MILLIS));
    if (current != null && current.isOpen()) {
      try {
        current.close(timeout);
      } catch (IOException | RuntimeException e) {
        current.abort(timeout);
      }
    }
  }

  /** Closes the connection without waiting for the broker, which did not answer. */
  public void abort() {
    Connection current = connection;
    if (current != null) {
      current.abort(1);
    }
  }

  @Override
  public void close() {
    close(CLOSE_TIMEOUT_MILLIS);
  }

  /** Failed connection attempts since the last success; 0 while connected. */
  public int consecutiveFailures() {
    return consecutiveFailures.get();
  }

  /**
   * The address of the node connected to now ({@code host:port}; after a failover, the node the
   * client recovered to), or null while not connected.
   */
  public String node() {
    Connection current = connection;
    return current == null || !current.isOpen()
        ? null
        : current.getAddress().getHostAddress() + ":" + current.getPort();
  }

  /** Whether the connection is established and open now. */
  public boolean isOpen() {
    Connection current = connection;
    return current != null && current.isOpen();
  }

  private static void abort(Connection connection) {
    if (connection != null) {
      connection.abort(CLOSE_TIMEOUT_MILLIS);
    }
  }

  /** Runs the declarations again before the client re-subscribes the consumers. */
  private final class Redeclare implements RecoveryListener {
    @Override
    public void handleTopologyRecoveryStarted(Recoverable recoverable) {
      try {
        setup.declare((Connection) recoverable);
      } catch (IOException | RuntimeException e) {
        BarterDudeLog.declarationFailed("the topology after a reconnect", e);
      }
    }

    @Override
    public void handleRecoveryStarted(Recoverable recoverable) {
      // nothing to do before the connection is back
    }

    @Override
    public void handleRecovery(Recoverable recoverable) {
      consecutiveFailures.set(0);
      setup.recovered();
      BarterDudeLog.recovered(name, node());
    }
  }

  /** Counts and reports each failed recovery attempt. */
  private final class RecoveryFailures extends ForgivingExceptionHandler {
    @Override
    public void handleConnectionRecoveryException(Connection connection, Throwable error) {
      failures.onConnectionFail(error, consecutiveFailures.incrementAndGet());
    }

    /**
     * A subscription the broker refused while the client recovered it (its queue missing, or its
     * home node down) is retried by the consumer's runtime: one line, no stack.
     */
    @Override
    public void handleTopologyRecoveryException(
        Connection connection, Channel channel, TopologyRecoveryException error) {
      BarterDudeLog.notRecovered(name, error);
    }

    /**
     * Reports what the client caught (a listener or consumer that threw) in the server's log; a
     * lost socket is reported as a lost connection instead.
     */
    @Override
    protected void log(String message, Throwable error) {
      if (!(error instanceof SocketException)) {
        BarterDudeLog.clientError(name, message, error);
      }
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
}
