package io.barterdude.mp7;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;

/**
 * A queue of the test's own bound to the sample's {@code my_exchange}: what the sample forwards
 * while it is open, with its properties. Deleted on close (and by the broker if the test dies).
 */
final class Forwarded implements AutoCloseable {

  /** One forwarded message. */
  record Received(String body, AMQP.BasicProperties properties) {}

  private final Channel channel;
  private final String queue = "barterdude-mp7-it-forwarded-" + UUID.randomUUID();
  private final Queue<Received> received = new ConcurrentLinkedQueue<>();

  Forwarded(Connection connection) throws IOException {
    channel = connection.createChannel();
    channel.queueDeclare(queue, false, true, true, null);
    channel.queueBind(queue, "my_exchange", "");
    channel.basicConsume(
        queue,
        true,
        (tag, delivery) ->
            received.add(
                new Received(
                    new String(delivery.getBody(), StandardCharsets.UTF_8),
                    delivery.getProperties())),
        tag -> {});
  }

  /** The first forwarded message whose body contains the text. */
  Optional<Received> find(String text) {
    return all(text).stream().findFirst();
  }

  /** Every forwarded message whose body contains the text, in order of arrival. */
  List<Received> all(String text) {
    return received.stream().filter(message -> message.body().contains(text)).toList();
  }

  @Override
  public void close() throws IOException, TimeoutException {
    try {
      channel.queueDelete(queue);
    } finally {
      channel.close();
    }
  }
}
