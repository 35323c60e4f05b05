package io.barterdude.sample;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The tests' own connection to the broker on 127.0.0.1:5672: publishes and reads queue state. */
final class Broker implements AutoCloseable {

  private final Connection connection;

  private Broker(Connection connection) {
    this.connection = connection;
  }

  /** Connects as {@code barterdude-sample-it}. */
  static Broker connect() throws IOException, TimeoutException {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(5672);
    return new Broker(factory.newConnection("barterdude-sample-it"));
  }

  /** Records what the sample forwards to {@code my_exchange} from now on. */
  ForwardedMessages forwarded() throws IOException {
    return new ForwardedMessages(connection);
  }

  /** Publishes JSON to a queue through the default exchange, with a confirm. */
  void publish(String queue, String json) throws Exception {
    publish(queue, json, null);
  }

  /** Publishes JSON that expires after the given milliseconds (null: never). */
  void publish(String queue, String json, String expirationMillis) throws Exception {
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .expiration(expirationMillis)
            .build();
    try (Channel channel = connection.createChannel()) {
      channel.confirmSelect();
      channel.basicPublish("", queue, properties, json.getBytes(StandardCharsets.UTF_8));
      channel.waitForConfirmsOrDie(10_000);
    }
  }

  /**
   * Publishes persistent JSON messages to a queue through the default exchange on one channel, and
   * waits for the broker to confirm them all.
   */
  void publishPersistent(String queue, List<String> jsons) throws Exception {
    AMQP.BasicProperties properties =
        MessageProperties.PERSISTENT_BASIC.builder().contentType("application/json").build();
    try (Channel channel = connection.createChannel()) {
      channel.confirmSelect();
      for (String json : jsons) {
        channel.basicPublish("", queue, properties, json.getBytes(StandardCharsets.UTF_8));
      }
      channel.waitForConfirmsOrDie(120_000);
    }
  }

  /**
   * Reads the bodies of every message ready in the queue and leaves them there: they are received
   * without acknowledgement and return to the queue when the channel closes. Only for a queue that
   * nobody else consumes at the time.
   */
  List<String> peek(String queue) throws Exception {
    List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    try (Channel channel = connection.createChannel()) {
      long ready = channel.queueDeclarePassive(queue).getMessageCount();
      CountDownLatch received = new CountDownLatch((int) ready);
      channel.basicConsume(
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

  /** Consumers subscribed to the queue now. */
  long consumers(String queue) throws Exception {
    try (Channel channel = connection.createChannel()) {
      return channel.queueDeclarePassive(queue).getConsumerCount();
    }
  }

  /** Messages ready in the queue (not counting those delivered and not yet acknowledged). */
  long messages(String queue) throws Exception {
    try (Channel channel = connection.createChannel()) {
      return channel.queueDeclarePassive(queue).getMessageCount();
    }
  }

  /** Removes every ready message of the queue. */
  void purge(String queue) throws Exception {
    try (Channel channel = connection.createChannel()) {
      channel.queuePurge(queue);
    }
  }

  @Override
  public void close() throws IOException {
    connection.close();
  }
}
