package io.barterdude.benchmark;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/**
 * The benchmark's own view of the local broker: declares uniquely named queues ({@code
 * bd-bench-<purpose>-<uuid>}), inspects and purges them, and deletes every one of them on {@link
 * #close()}. Reconnects when its connection was closed (the broker is shared with fault tests that
 * close every connection).
 */
final class Broker implements AutoCloseable {

  static final String HOST = "127.0.0.1";

  /** Unused queues expire after this long: longer than any fill, shorter than a coffee break. */
  static final int EXPIRES_MILLIS = 300_000;

  private final List<String> queues = new CopyOnWriteArrayList<>();
  private Connection connection;
  private Channel channel;

  /** A connection factory for the local broker, as every hand-written client here uses. */
  static ConnectionFactory factory() {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(HOST);
    factory.setAutomaticRecoveryEnabled(false);
    return factory;
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

  void purge(String queue) throws IOException {
    channel().queuePurge(queue);
  }

  /** Messages ready in the queue (not delivered to a consumer). */
  long ready(String queue) throws IOException {
    return channel().messageCount(queue);
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
    deleteQueues();
    if (connection != null && connection.isOpen()) {
      connection.abort();
    }
  }

  /** Deletes every queue this run declared; safe to call twice (e.g. from a shutdown hook). */
  synchronized void deleteQueues() {
    try {
      for (String queue : queues) {
        channel().queueDelete(queue);
      }
      queues.clear();
    } catch (IOException | RuntimeException e) {
      System.err.println("could not delete the queues " + queues + ": " + e);
    }
  }

  private synchronized Channel channel() throws IOException {
    if (channel == null || !channel.isOpen()) {
      if (connection != null) {
        connection.abort();
      }
      try {
        connection = factory().newConnection("bd-bench-admin");
      } catch (TimeoutException e) {
        throw new IOException("cannot connect to " + HOST, e);
      }
      channel = connection.createChannel();
    }
    return channel;
  }
}
