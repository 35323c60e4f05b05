package io.barterdude.sample;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;

/**
 * A queue of the test's own, bound to {@code my_exchange}, that records every message the sample
 * forwards while it is open. Deleted on close (and by the broker if the test dies first).
 */
final class ForwardedMessages implements AutoCloseable {

  private final Channel channel;
  private final String queue = "barterdude-sample-it-" + UUID.randomUUID();
  private final Queue<String> bodies = new ConcurrentLinkedQueue<>();
  private volatile long lastArrivalNanos = System.nanoTime();

  ForwardedMessages(Connection connection) throws IOException {
    channel = connection.createChannel();
    channel.queueDeclare(queue, false, true, true, null);
    channel.queueBind(queue, "my_exchange", "");
    channel.basicConsume(queue, true, (tag, delivery) -> record(delivery.getBody()), tag -> {});
  }

  private void record(byte[] body) {
    bodies.add(new String(body, StandardCharsets.UTF_8));
    lastArrivalNanos = System.nanoTime();
  }

  /** How many forwarded bodies contain the text. */
  long count(String text) {
    return bodies.stream().filter(body -> body.contains(text)).count();
  }

  /** How many bodies arrived in all. */
  int size() {
    return bodies.size();
  }

  /** Every body that arrived so far, in order of arrival. */
  List<String> bodies() {
    return List.copyOf(bodies);
  }

  /** Milliseconds since the last message arrived (or since the queue was bound). */
  long quietMillis() {
    return (System.nanoTime() - lastArrivalNanos) / 1_000_000;
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
