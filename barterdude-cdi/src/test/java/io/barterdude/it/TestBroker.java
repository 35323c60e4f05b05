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
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * A plain client of the local broker for tests: declares, publishes and inspects, and deletes on
 * close every queue and exchange it was told about.
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

  public long messageCount(String queue) {
    try {
      return channel.messageCount(queue);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long consumerCount(String queue) {
    try {
      return channel.consumerCount(queue);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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

  public Channel channel() {
    return channel;
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
