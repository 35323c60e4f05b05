package io.barterdude.internal.failure;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.barterdude.PublishException;
import io.barterdude.internal.connection.Channels;
import io.barterdude.internal.message.MessageData;
import io.barterdude.internal.publishing.Confirmation;
import io.barterdude.internal.publishing.Publisher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves the messages of {@code <queue>.dlq} back to {@code <queue>} in bounded batches: each batch
 * is taken unacknowledged, published through the {@link Publisher}, and each message acknowledged
 * in the dead-letter queue once its copy is confirmed. What is not acknowledged returns to the
 * dead-letter queue when the channel closes.
 */
public final class DeadLetterReplay {

  private static final int BATCH = 100;
  private static final List<String> FAILURE_HEADERS =
      List.of(
          MessageData.FAIL_TRIES,
          MessageData.DELIVERY_COUNT,
          Retries.EXCEPTION,
          Retries.EXCEPTION_MESSAGE,
          Retries.CONSUMER,
          Retries.QUEUE);

  private final Connection connection;
  private final Publisher publisher;
  private final long confirmTimeoutMillis;

  public DeadLetterReplay(Connection connection, Publisher publisher, long confirmTimeoutMillis) {
    this.connection = connection;
    this.publisher = publisher;
    this.confirmTimeoutMillis = confirmTimeoutMillis;
  }

  /** Moves the messages there now; see {@link io.barterdude.DeadLetters#replay(String)}. */
  public long replay(String queue) throws IOException {
    String source = FailurePolicy.deadLetterQueue(queue);
    Channel channel = connection.createChannel();
    try {
      long remaining = channel.queueDeclarePassive(source).getMessageCount();
      long moved = 0;
      while (remaining > 0) {
        List<GetResponse> batch = take(channel, source, (int) Math.min(BATCH, remaining));
        if (batch.isEmpty()) {
          break;
        }
        moved += move(channel, queue, batch);
        remaining -= batch.size();
      }
      return moved;
    } finally {
      Channels.abortQuietly(channel);
    }
  }

  private static List<GetResponse> take(Channel channel, String source, int most)
      throws IOException {
    List<GetResponse> batch = new ArrayList<>(most);
    for (GetResponse got;
        batch.size() < most && (got = channel.basicGet(source, false)) != null; ) {
      batch.add(got);
    }
    return batch;
  }

  /**
   * Publishes the batch, then acknowledges each message whose copy was confirmed; the others stay
   * in the dead-letter queue and the first failure is thrown.
   */
  private int move(Channel channel, String queue, List<GetResponse> batch) throws IOException {
    List<Confirmation> sent = new ArrayList<>(batch.size());
    PublishException failure = null;
    try {
      for (GetResponse message : batch) {
        sent.add(
            publisher.send("", queue, cleaned(message.getProps()), List.of(message.getBody())));
      }
    } catch (PublishException e) {
      failure = e;
    }
    for (int i = 0; i < sent.size(); i++) {
      try {
        sent.get(i).await(confirmTimeoutMillis);
        channel.basicAck(batch.get(i).getEnvelope().getDeliveryTag(), false);
      } catch (PublishException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
    return batch.size();
  }

  private static AMQP.BasicProperties cleaned(AMQP.BasicProperties properties) {
    if (properties.getHeaders() == null) {
      return properties;
    }
    Map<String, Object> headers = new HashMap<>(properties.getHeaders());
    FAILURE_HEADERS.forEach(headers::remove);
    return properties.builder().headers(headers).build();
  }
}
