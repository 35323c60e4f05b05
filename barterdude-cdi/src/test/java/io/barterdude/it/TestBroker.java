package io.barterdude.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A plain client of the local broker for tests, independent of BarterDude: declares, publishes and
 * inspects, and deletes on close every queue and exchange it was told about. Shared with the
 * sample's and the Arquillian tests (the library's test jar holds it and {@link RabbitCtl}); it
 * also runs inside a server.
 */
public final class TestBroker implements AutoCloseable {

  private final Connection connection;
  private final Channel channel;
  private final List<String> queues = new ArrayList<>();
  private final List<String> exchanges = new ArrayList<>();

  public TestBroker() {
    this("/");
  }

  /** A client of one virtual host. */
  public TestBroker(String virtualHost) {
    try {
      ConnectionFactory factory = new ConnectionFactory();
      factory.setHost("127.0.0.1");
      factory.setVirtualHost(virtualHost);
      connection = factory.newConnection("barterdude-test-broker");
      channel = connection.createChannel();
      channel.confirmSelect();
    } catch (IOException | TimeoutException e) {
      throw new IllegalStateException("no RabbitMQ on 127.0.0.1:5672", e);
    }
  }

  /** Deletes the queue now if it exists, and again on close. */
  public TestBroker cleanQueue(String name) {
    run(() -> channel.queueDelete(name));
    queues.add(name);
    return this;
  }

  /** Deletes the exchange now if it exists, and again on close. */
  public TestBroker cleanExchange(String name) {
    run(() -> channel.exchangeDelete(name));
    exchanges.add(name);
    return this;
  }

  public void declareQueue(String name) {
    cleanQueue(name);
    run(() -> channel.queueDeclare(name, true, false, false, null));
  }

  /** Declares a durable queue, as BarterDude does, unless it exists; it stays after close. */
  public void declareDurable(String name) {
    run(() -> channel.queueDeclare(name, true, false, false, null));
  }

  /** Whether a queue exists. */
  public boolean exists(String queue) {
    try {
      inspect(queue);
      return true;
    } catch (UncheckedIOException missing) {
      return false;
    }
  }

  /** Deletes a queue now. */
  public void deleteQueue(String name) {
    run(() -> channel.queueDelete(name));
  }

  /** Removes every ready message of a queue. */
  public void purge(String queue) {
    run(() -> channel.queuePurge(queue));
  }

  public void publish(String queue, String body) {
    publish(queue, body.getBytes(StandardCharsets.UTF_8), MessageProperties.PERSISTENT_BASIC);
  }

  public void publish(String queue, byte[] body, AMQP.BasicProperties properties) {
    run(
        () -> {
          channel.basicPublish("", queue, properties, body);
          channel.waitForConfirmsOrDie(10_000);
        });
  }

  /** Publishes a persistent message that expires after the given milliseconds. */
  public void publishExpiring(String queue, String body, long expirationMillis) {
    publish(
        queue,
        body.getBytes(StandardCharsets.UTF_8),
        MessageProperties.PERSISTENT_BASIC
            .builder()
            .expiration(Long.toString(expirationMillis))
            .build());
  }

  /** Publishes persistent messages and waits for every confirm once. */
  public void publishAll(String queue, Iterable<String> bodies) {
    run(
        () -> {
          for (String body : bodies) {
            channel.basicPublish(
                "",
                queue,
                MessageProperties.PERSISTENT_BASIC,
                body.getBytes(StandardCharsets.UTF_8));
          }
          channel.waitForConfirmsOrDie(60_000);
        });
  }

  /** Messages ready in the queue (not counting those delivered and not yet acknowledged). */
  public long messageCount(String queue) {
    return inspect(queue).getMessageCount();
  }

  /** Consumers subscribed to the queue now. */
  public long consumerCount(String queue) {
    return inspect(queue).getConsumerCount();
  }

  /** Asks about a queue on a channel of its own, which a missing queue closes. */
  private AMQP.Queue.DeclareOk inspect(String queue) {
    try (Channel probe = connection.createChannel()) {
      return probe.queueDeclarePassive(queue);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Takes one message (acknowledged), or null when the queue is empty. */
  public String get(String queue) {
    try {
      GetResponse response = channel.basicGet(queue, true);
      return response == null ? null : new String(response.getBody(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Takes the ready messages of a queue and returns the first whose body contains the marker;
   * messages of earlier runs are dropped on the way.
   */
  public Optional<String> take(String queue, String marker) {
    String body;
    while ((body = get(queue)) != null) {
      if (body.contains(marker)) {
        return Optional.of(body);
      }
    }
    return Optional.empty();
  }

  /**
   * Reads the bodies of every message ready in the queue and leaves them there: they are received
   * without acknowledgement and return to the queue when the channel closes. Only for a queue that
   * nobody else consumes at the time.
   */
  public List<String> peek(String queue) throws Exception {
    List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    try (Channel reader = connection.createChannel()) {
      long ready = messageCount(queue);
      CountDownLatch received = new CountDownLatch((int) ready);
      reader.basicConsume(
          queue,
          false,
          (tag, delivery) -> {
            bodies.add(new String(delivery.getBody(), StandardCharsets.UTF_8));
            received.countDown();
          },
          tag -> {});
      if (!received.await(60, TimeUnit.SECONDS)) {
        throw new IOException("received " + bodies.size() + " of the " + ready + " in " + queue);
      }
    }
    synchronized (bodies) {
      return List.copyOf(bodies);
    }
  }

  public Channel channel() {
    return channel;
  }

  public Connection connection() {
    return connection;
  }

  @Override
  public void close() throws IOException, TimeoutException {
    queues.forEach(queue -> run(() -> channel.queueDelete(queue)));
    exchanges.forEach(exchange -> run(() -> channel.exchangeDelete(exchange)));
    connection.close();
  }

  private interface IoWork {
    void run() throws Exception;
  }

  private static void run(IoWork work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
