package io.barterdude.internal.runtime;

import com.rabbitmq.client.AMQP;
import io.barterdude.PublishException;
import io.barterdude.internal.config.Settings;
import io.barterdude.internal.log.Log;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Settles a message whose handler failed: requeued (after the retry delay) until it has failed
 * {@code barterdude.max-attempts} times, then rejected without requeue so that it goes to the
 * queue's dead-letter exchange, if any.
 *
 * <p>A message's first failure requeues it. Its redelivery tells the queue's kind: a quorum queue
 * counts deliveries itself ({@code x-delivery-count}), so its messages are always requeued and its
 * own {@code x-delivery-limit} applies too. A classic queue only sets the redelivered flag, so
 * there each later retry is a copy of the message, with the header {@code x-barterdude-attempts}
 * raised, published to the same queue and confirmed before the original is acknowledged: the
 * message moves to the back of the queue and loses its redelivered flag, and a crash between the
 * two steps delivers it twice, never zero times.
 */
final class Retries {

  private final String consumer;
  private final int maxAttempts;
  private final long delayMillis;
  private final Publisher publisher;
  private final ScheduledExecutorService scheduler;

  Retries(
      String consumer, Settings settings, Publisher publisher, ScheduledExecutorService scheduler) {
    this.consumer = consumer;
    this.maxAttempts = settings.maxAttempts();
    this.delayMillis = settings.retryDelay().toMillis();
    this.publisher = publisher;
    this.scheduler = scheduler;
  }

  /** Settles a failed message, unless the handler settled it already. */
  void failed(AmqpMessage message, boolean requeue) {
    if (message.isSettled()) {
      return;
    }
    if (!requeue) {
      message.reject(false);
      return;
    }
    int attempt = message.deliveryAttempt();
    if (maxAttempts > 0 && attempt >= maxAttempts) {
      Log.givingUp(consumer, message.queue(), message.envelope().getDeliveryTag(), attempt);
      message.reject(false);
    } else if (delayMillis > 0) {
      scheduler.schedule(() -> retry(message, attempt), delayMillis, TimeUnit.MILLISECONDS);
    } else {
      retry(message, attempt);
    }
  }

  private void retry(AmqpMessage message, int attempt) {
    if (maxAttempts == 0 || !message.isFromBroker() || countedByBroker(message) || attempt == 1) {
      message.reject(true);
      return;
    }
    try {
      publisher.publish(
          "",
          message.queue(),
          withAttempts(message.properties(), attempt),
          List.of(message.body()));
      message.accept();
    } catch (PublishException e) {
      message.reject(true);
    }
  }

  private static boolean countedByBroker(AmqpMessage message) {
    return message.headers().containsKey(MessageData.DELIVERY_COUNT);
  }

  private static AMQP.BasicProperties withAttempts(AMQP.BasicProperties properties, int attempts) {
    Map<String, Object> headers =
        properties.getHeaders() == null ? new HashMap<>() : new HashMap<>(properties.getHeaders());
    headers.put(MessageData.ATTEMPTS, attempts);
    return properties.builder().headers(headers).build();
  }
}
