package io.barterdude.internal.failure;

import com.rabbitmq.client.AMQP;
import io.barterdude.PublishException;
import io.barterdude.internal.log.BarterDudeLog;
import io.barterdude.internal.message.AmqpMessage;
import io.barterdude.internal.message.MessageData;
import io.barterdude.internal.publishing.Publisher;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Settles a message whose handler failed, by its consumer's {@link FailurePolicy}: retried until it
 * has failed {@code max-attempts} times or failed with an exception not worth retrying, then given
 * up.
 *
 * <p>With a retry delay, a failed message waits on the broker, not in memory: a copy with the
 * header {@code x-fail-tries} (its failed attempts so far) is published to {@code
 * <queue>.retry.<ms>}, a queue without consumers whose messages expire after that long and are then
 * dead-lettered back to {@code <queue>}; the original is acknowledged once the broker confirmed the
 * copy. Without a delay, the first failure requeues the message; later ones requeue it on a quorum
 * queue (which counts deliveries itself, {@code x-delivery-count}) and publish such a copy to the
 * queue itself on a classic queue (which only flags a redelivery).
 *
 * <p>A given-up message goes, with {@code dead-letter=auto}, to {@code <queue>.dlq} as a confirmed
 * copy carrying why in headers, and is then acknowledged; else it is rejected without requeue (to
 * the queue's dead-letter exchange, if any). Whenever a copy cannot be published, the message is
 * requeued instead: it leaves its queue only once its copy is confirmed elsewhere, and a crash
 * between the two steps delivers it twice, never zero times.
 */
public final class Retries {

  /** The headers of a dead-lettered message that tell why. */
  static final String EXCEPTION = "x-barterdude-exception";

  static final String EXCEPTION_MESSAGE = "x-barterdude-exception-message";
  static final String CONSUMER = "x-barterdude-consumer";
  static final String QUEUE = "x-barterdude-queue";

  private static final int MAX_REASON_LENGTH = 1000;

  private final String consumer;
  private final FailurePolicy policy;
  private final Publisher publisher;

  public Retries(String consumer, FailurePolicy policy, Publisher publisher) {
    this.consumer = consumer;
    this.policy = policy;
    this.publisher = publisher;
  }

  /** Whether a failure may be retried by this consumer's rules. */
  public boolean retries(Throwable failure) {
    return policy.retries(failure);
  }

  /**
   * Settles a failed message, unless the handler settled it already.
   *
   * @param retry false to give it up whatever its attempts
   */
  public void failed(AmqpMessage message, Throwable failure, boolean retry) {
    if (message.isSettled()) {
      return;
    }
    int attempt = message.deliveryAttempt();
    if (!retry || !policy.retries(failure)) {
      giveUp(message, failure, attempt);
    } else if (policy.maxAttempts() > 0 && attempt >= policy.maxAttempts()) {
      BarterDudeLog.givingUp(
          consumer, message.queue(), message.envelope().getDeliveryTag(), attempt);
      giveUp(message, failure, attempt);
    } else if (policy.delayMillis() > 0 && message.isFromBroker()) {
      String target = FailurePolicy.retryQueue(message.queue(), policy.delayAfter(attempt));
      moveOrRequeue(message, target, copy(message, attempt, Map.of()));
    } else {
      retryNow(message, attempt);
    }
  }

  private void retryNow(AmqpMessage message, int attempt) {
    if (policy.maxAttempts() == 0
        || !message.isFromBroker()
        || countedByBroker(message)
        || attempt == 1) {
      message.reject(true);
    } else {
      moveOrRequeue(message, message.queue(), copy(message, attempt, Map.of()));
    }
  }

  private void giveUp(AmqpMessage message, Throwable failure, int attempt) {
    if (!policy.deadLetter() || !message.isFromBroker()) {
      message.reject(false);
      return;
    }
    String target = FailurePolicy.deadLetterQueue(message.queue());
    if (moveOrRequeue(message, target, copy(message, attempt, reasons(message, failure)))) {
      BarterDudeLog.deadLettered(
          consumer, message.queue(), message.envelope().getDeliveryTag(), attempt, target);
    }
  }

  /** Publishes the copy with confirm, then acknowledges the message; requeues it if it cannot. */
  private boolean moveOrRequeue(
      AmqpMessage message, String queue, AMQP.BasicProperties properties) {
    try {
      publisher.publish("", queue, properties, List.of(message.body()));
      message.accept();
      return true;
    } catch (PublishException e) {
      BarterDudeLog.notMoved(
          consumer, message.queue(), message.envelope().getDeliveryTag(), queue, e);
      message.reject(true);
      return false;
    }
  }

  private Map<String, Object> reasons(AmqpMessage message, Throwable failure) {
    String why = String.valueOf(failure.getMessage());
    return Map.of(
        EXCEPTION,
        failure.getClass().getName(),
        EXCEPTION_MESSAGE,
        why.length() > MAX_REASON_LENGTH ? why.substring(0, MAX_REASON_LENGTH) : why,
        CONSUMER,
        consumer,
        QUEUE,
        message.queue());
  }

  private static boolean countedByBroker(AmqpMessage message) {
    return message.headers().containsKey(MessageData.DELIVERY_COUNT);
  }

  /**
   * The message's properties for a copy that has failed {@code attempts} times: the broker's
   * delivery count, which the copy starts again, is folded into {@code x-fail-tries}.
   */
  static AMQP.BasicProperties copy(
      AmqpMessage message, int attempts, Map<String, Object> extraHeaders) {
    Map<String, Object> headers = new HashMap<>(message.headers());
    headers.remove(MessageData.DELIVERY_COUNT);
    headers.put(MessageData.FAIL_TRIES, attempts);
    headers.putAll(extraHeaders);
    return message.properties().builder().headers(headers).build();
  }
}
