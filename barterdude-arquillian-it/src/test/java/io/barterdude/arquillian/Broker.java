package io.barterdude.arquillian;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tests' own view of the broker on 127.0.0.1:5672, independent of BarterDude: a plain AMQP
 * connection (inside the server or on the client side) and {@code rabbitmqctl} for what AMQP cannot
 * do (closing another client's connection).
 */
final class Broker implements AutoCloseable {

  private final Connection connection;

  private Broker(Connection connection) {
    this.connection = connection;
  }

  static Broker connect() throws IOException, TimeoutException {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(5672);
    return new Broker(factory.newConnection("barterdude-arquillian-test"));
  }

  /** Publishes text to a queue through the default exchange, with a confirm. */
  void publish(String queue, String text) throws Exception {
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder().contentType("application/json").build();
    try (Channel channel = connection.createChannel()) {
      channel.confirmSelect();
      channel.basicPublish("", queue, properties, text.getBytes(StandardCharsets.UTF_8));
      channel.waitForConfirmsOrDie(10_000);
    }
  }

  /**
   * Takes the ready messages of a queue and returns the first whose body contains the marker;
   * messages of earlier runs are dropped on the way.
   */
  Optional<String> take(String queue, String marker) throws Exception {
    try (Channel channel = connection.createChannel()) {
      GetResponse response;
      while ((response = channel.basicGet(queue, true)) != null) {
        String body = new String(response.getBody(), StandardCharsets.UTF_8);
        if (body.contains(marker)) {
          return Optional.of(body);
        }
      }
      return Optional.empty();
    }
  }

  /** Declares a durable queue, as BarterDude does, if it does not exist yet. */
  void declare(String queue) throws Exception {
    try (Channel channel = connection.createChannel()) {
      channel.queueDeclare(queue, true, false, false, null);
    }
  }

  /** Whether a queue exists. */
  boolean exists(String queue) throws Exception {
    try (Channel channel = connection.createChannel()) {
      channel.queueDeclarePassive(queue);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Deletes a queue. */
  void delete(String queue) throws Exception {
    try (Channel channel = connection.createChannel()) {
      channel.queueDelete(queue);
    }
  }

  /** Messages ready in a queue. */
  long messages(String queue) throws Exception {
    try (Channel channel = connection.createChannel()) {
      return channel.queueDeclarePassive(queue).getMessageCount();
    }
  }

  @Override
  public void close() throws IOException {
    connection.close();
  }

  /**
   * Closes, from the broker's side, every connection whose client named it so; the broker's other
   * clients keep theirs.
   *
   * @return how many connections were closed
   */
  static int closeConnections(String connectionName) throws IOException, InterruptedException {
    String marker = "{\"connection_name\",\"" + connectionName + "\"}";
    List<String> pids =
        rabbitmqctl("-s", "list_connections", "pid", "client_properties")
            .lines()
            .filter(line -> line.contains(marker))
            .map(line -> line.substring(0, line.indexOf('\t')))
            .toList();
    for (String pid : pids) {
      rabbitmqctl("close_connection", pid, "closed by barterdude-arquillian-it");
    }
    return pids.size();
  }

  private static String rabbitmqctl(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("rabbitmqctl"));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }
}
