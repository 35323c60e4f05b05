package io.barterdude.internal.connection;

import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.impl.CredentialsProvider;
import io.barterdude.internal.config.Settings;
import io.barterdude.internal.config.TlsSettings;
import io.barterdude.internal.container.ContainerServices;
import io.barterdude.internal.log.BarterDudeLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The application's two connections, named {@code <name>-consume} and {@code <name>-publish}: the
 * publishing one opens first, and the consuming one once publishing is possible, so that no
 * handler's publish finds no connection at startup. The connection-fail listener hears of one
 * connection's failures, once per outage as with the seed's single connection: the publishing
 * connection's until it first connects (at startup only it tries), the consuming connection's after
 * that; the others are logged and counted for health.
 */
public final class BrokerConnections {

  private final BrokerConnection consuming;
  private final BrokerConnection publishing;
  private final Optional<Credentials> credentials;
  private final BrokerConnection.FailureListener failures;

  /**
   * Creates both connections, not yet opened.
   *
   * @param settings the settings
   * @param services the container's executors
   * @param provider the application's credentials provider, if it has one
   * @param consumingSetup declares the topology and subscribes on each new consuming connection
   * @param blocked hears the broker block and unblock the publishing connection
   * @param failures hears of connection failures
   */
  public BrokerConnections(
      Settings settings,
      ContainerServices services,
      Optional<CredentialsProvider> provider,
      BrokerConnection.ConnectionSetup consumingSetup,
      BlockedListener blocked,
      BrokerConnection.FailureListener failures) {
    this.failures = failures;
    credentials = provider.map(Credentials::of);
    TlsSettings tls = settings.broker().tls();
    if (tls != null && !tls.verifyHostname()) {
      BarterDudeLog.hostnameVerificationOff();
    }
    consuming =
        new BrokerConnection(
            settings,
            "consume",
            ConnectionFactories.create(settings, services, credentials),
            services,
            consumingSetup,
            failures);
    publishing =
        new BrokerConnection(
            settings,
            "publish",
            ConnectionFactories.create(settings, services, credentials),
            services,
            new PublishSetup(blocked),
            this::publishingFailed);
  }

  private void publishingFailed(Throwable error, int retries) {
    if (publishing.connection() == null) {
      failures.onConnectionFail(error, retries);
    }
  }

  /** Opens the publishing connection, then, once it is up, the consuming one. */
  public void open() {
    publishing.open();
  }

  /**
   * The consuming connection now.
   *
   * @return the connection, or null while down
   */
  public Connection consuming() {
    return consuming.connection();
  }

  /**
   * The publishing connection now.
   *
   * @return the connection, or null while down
   */
  public Connection publishing() {
    return publishing.connection();
  }

  /** Aborts the consuming connection at once: the broker does not answer. */
  public void abortConsuming() {
    consuming.abort();
  }

  /**
   * Closes both connections, the consuming one first, then the credentials' refresh service.
   *
   * @param deadline when closing must be over (epoch millis)
   */
  public void close(long deadline) {
    consuming.close(deadline - System.currentTimeMillis());
    publishing.close(deadline - System.currentTimeMillis());
    credentials.ifPresent(Credentials::close);
  }

  /**
   * Whether both connections are open now.
   *
   * @return true when connected
   */
  public boolean isOpen() {
    return consuming.isOpen() && publishing.isOpen();
  }

  /**
   * The node each connection is connected to now, as {@code host:port} from {@code
   * barterdude.addresses}: {@code consume} and {@code publish} to the address, or to {@code none}
   * while that connection is down.
   *
   * @return connection role to node address
   */
  public Map<String, String> nodes() {
    return nodes(consuming.node(), publishing.node());
  }

  /**
   * The nodes before any connection exists.
   *
   * @return {@code consume} and {@code publish} to {@code none}
   */
  public static Map<String, String> noNodes() {
    return nodes(null, null);
  }

  private static Map<String, String> nodes(String consume, String publish) {
    Map<String, String> nodes = new LinkedHashMap<>();
    nodes.put("consume", consume == null ? "none" : consume);
    nodes.put("publish", publish == null ? "none" : publish);
    return nodes;
  }

  /**
   * Failed connection attempts since a connection was last established; 0 while both are.
   *
   * @return the larger count of the two
   */
  public int consecutiveFailures() {
    return Math.max(consuming.consecutiveFailures(), publishing.consecutiveFailures());
  }

  /**
   * Follows the broker's blocking of the publishing connection, and opens the consuming one once
   * publishing is possible.
   */
  private final class PublishSetup implements BrokerConnection.ConnectionSetup {

    private final BlockedListener blocked;

    PublishSetup(BlockedListener blocked) {
      this.blocked = blocked;
    }

    @Override
    public void declare(Connection connection) {
      // the consuming connection declares the topology
    }

    @Override
    public void start(Connection connection) {
      connection.addBlockedListener(blocked);
      consuming.open();
    }

    @Override
    public void recovered() {
      try {
        blocked.handleUnblocked();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
