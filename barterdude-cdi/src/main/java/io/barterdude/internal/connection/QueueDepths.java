package io.barterdude.internal.connection;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The depth of each consumed queue (messages ready, consumers), sampled by a timer with a passive
 * declare on a channel of its own, never on the delivery path. A queue that cannot be read
 * (deleted, or no connection) keeps its last sample.
 */
public final class QueueDepths {

  /**
   * One queue's last sample.
   *
   * @param ready messages ready for delivery
   * @param consumers subscriptions
   */
  public record Depth(long ready, long consumers) {}

  private final Supplier<Connection> connection;
  private final Map<String, Depth> depths = new LinkedHashMap<>();

  public QueueDepths(Supplier<Connection> connection, List<String> queues) {
    this.connection = connection;
    queues.forEach(queue -> depths.put(queue, new Depth(0, 0)));
  }

  /**
   * The queues sampled, in the consumers' order.
   *
   * @return the queue names
   */
  public List<String> queues() {
    return List.copyOf(depths.keySet());
  }

  /**
   * A queue's last sample.
   *
   * @param queue one of {@link #queues()}
   * @return its depth, zeros before the first sample
   */
  public synchronized Depth of(String queue) {
    return depths.get(queue);
  }

  /** Samples every queue now, if connected. */
  public void sample() {
    Connection current = connection.get();
    if (current == null || !current.isOpen()) {
      return;
    }
    for (String queue : queues()) {
      sample(current, queue);
    }
  }

  private void sample(Connection current, String queue) {
    try (Channel channel = current.createChannel()) {
      AMQP.Queue.DeclareOk declared = channel.queueDeclarePassive(queue);
      synchronized (this) {
        depths.put(queue, new Depth(declared.getMessageCount(), declared.getConsumerCount()));
      }
    } catch (IOException | TimeoutException | RuntimeException unreadable) {
      // deleted, or the connection went away: the last sample stays until the next one
    }
  }
}
