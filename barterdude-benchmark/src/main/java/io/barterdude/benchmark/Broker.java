package io.barterdude.benchmark;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/**
 * The benchmark's own view of the local broker (in one virtual host, {@code /} unless given):
 * declares uniquely named queues and exchanges ({@code bd-bench-<purpose>-<uuid>}), inspects and
 * purges the queues, and deletes every one of them on {@link #close()}. Reconnects when its
 * connection was closed (the broker is shared with fault tests that close every connection).
 */
final class Broker implements AutoCloseable {

  static final String HOST = "127.0.0.1";

  /** Unused queues expire after this long: longer than any fill, shorter than a coffee break. */
  static final int EXPIRES_MILLIS = 300_000;

  /** How often {@link #awaitReady} looks at a queue. */
  static final long POLL_MILLIS = 5;

  private final List<String> queues = new CopyOnWriteArrayList<>();
  private final List<String> exchanges = new CopyOnWriteArrayList<>();
  private final String virtualHost;
  private Connection connection;
  private Channel channel;

  Broker() {
    this("/");
  }

  Broker(String virtualHost) {
    this.virtualHost = virtualHost;
  }

  /** A connection factory for the local broker, as every hand-written client here uses. */
  static ConnectionFactory factory() {
    return factory("/");
  }

  /** A connection factory for a virtual host of the local broker. */
  static ConnectionFactory factory(String virtualHost) {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(HOST);
    factory.setVirtualHost(virtualHost);
    factory.setAutomaticRecoveryEnabled(false);
    return factory;
  }

  /** A connection factory for this broker's virtual host. */
  ConnectionFactory connectionFactory() {
    return factory(virtualHost);
  }

  String serverVersion() throws IOException {
    channel();
    return String.valueOf(connection.getServerProperties().get("version"));
  }

  /**
   * Declares a new durable classic queue, deleted on close; should the run die without closing, the
   * broker deletes it after {@link #EXPIRES_MILLIS} without consumers.
   */
  String newQueue(String purpose) throws IOException {
    String name = "bd-bench-" + purpose + "-" + UUID.randomUUID();
    queues.add(name);
    channel()
        .queueDeclare(
            name,
            true,
            false,
            false,
            Map.of("x-queue-type", "classic", "x-expires", EXPIRES_MILLIS));
    return name;
  }

  /**
   * Declares a new durable direct exchange, deleted on close (exchanges do not expire: one is left
   * behind only if the run is killed).
   */
  String newExchange(String purpose) throws IOException {
    String name = "bd-bench-" + purpose + "-" + UUID.randomUUID();
    exchanges.add(name);
    channel().exchangeDeclare(name, BuiltinExchangeType.DIRECT, true);
    return name;
  }

  /**
   * Binds a queue to an exchange with the empty routing key, the one the pipelines publish with.
   */
  void bind(String queue, String exchange) throws IOException {
    channel().queueBind(queue, exchange, "");
  }

  /** Takes one message off the queue (acknowledged), or null when it is empty. */
  byte[] take(String queue) throws IOException {
    GetResponse message = channel().basicGet(queue, true);
    return message == null ? null : message.getBody();
  }

  void purge(String queue) throws IOException {
    channel().queuePurge(queue);
  }

  /** Messages ready in the queue (not delivered to a consumer). */
  long ready(String queue) throws IOException {
    return channel().messageCount(queue);
  }

  /**
   * Waits until the queue holds {@code count} ready messages, looking every {@link #POLL_MILLIS} ms
   * with a passive declare: unlike a consumer, this leaves the messages where they are (to be
   * counted again later) and costs the broker and this process little.
   *
   * @return the messages the queue holds: {@code count} or more, or fewer if none arrived for
   *     {@code stallMillis}
   */
  long awaitReady(String queue, long count, long stallMillis)
      throws IOException, InterruptedException {
    long ready = 0;
    long progressed = System.currentTimeMillis();
    while (ready < count && System.currentTimeMillis() - progressed <= stallMillis) {
      Thread.sleep(POLL_MILLIS);
      long now = ready(queue);
      if (now > ready) {
        ready = now;
        progressed = System.currentTimeMillis();
      }
    }
    return ready;
  }

  long consumers(String queue) throws IOException {
    return channel().consumerCount(queue);
  }

  /** Waits until the broker accepts connections again (after a restart by someone else). */
  void awaitAvailable(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (true) {
      try {
        channel();
        Thread.sleep(2_000);
        return;
      } catch (IOException e) {
        if (System.currentTimeMillis() > deadline) {
          return;
        }
        Thread.sleep(1_000);
      }
    }
  }

  @Override
  public synchronized void close() {
    deleteDeclared();
    if (connection != null && connection.isOpen()) {
      connection.abort();
    }
  }

  /**
   * Deletes every queue and exchange this run declared; safe to call twice (e.g. from a shutdown
   * hook).
   */
  synchronized void deleteDeclared() {
    try {
      for (String queue : queues) {
        channel().queueDelete(queue);
      }
      queues.clear();
      for (String exchange : exchanges) {
        channel().exchangeDelete(exchange);
      }
      exchanges.clear();
    } catch (IOException | RuntimeException e) {
      System.err.println(
          "could not delete the queues " + queues + " and exchanges " + exchanges + ": " + e);
    }
  }

  private synchronized Channel channel() throws IOException {
    if (channel == null || !channel.isOpen()) {
      if (connection != null) {
        connection.abort();
      }
      try {
        connection = connectionFactory().newConnection("bd-bench-admin");
      } catch (TimeoutException e) {
        throw new IOException("cannot connect to " + HOST, e);
      }
      channel = connection.createChannel();
    }
    return channel;
  }
}
