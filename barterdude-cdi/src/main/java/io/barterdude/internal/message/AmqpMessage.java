package io.barterdude.internal.message;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import io.barterdude.internal.publishing.HandlerOutputs;
import io.barterdude.internal.settlement.Settlement;
import io.barterdude.internal.trace.MessageSpan;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A message in BarterDude's pipeline (from the broker, or a test double's copy); settles at most
 * once through its {@link Settlement}, and completes (handler or timeout) at most once.
 */
public final class AmqpMessage extends MessageData {

  private final Settlement settlement;
  private final boolean fromBroker;
  private final AtomicBoolean settled = new AtomicBoolean();
  private final AtomicBoolean completed = new AtomicBoolean();
  private volatile MessageSpan span;

  public AmqpMessage(
      String queue,
      Envelope envelope,
      AMQP.BasicProperties properties,
      byte[] body,
      JsonCodec codec,
      Settlement settlement,
      boolean fromBroker) {
    super(queue, envelope, properties, body, codec);
    this.settlement = settlement;
    this.fromBroker = fromBroker;
  }

  /**
   * Acknowledges the message; inside its handler, once the broker confirmed what the handler
   * published so far.
   *
   * @throws io.barterdude.PublishException if one of those messages was not published
   */
  @Override
  public void accept() {
    HandlerOutputs outputs = HandlerOutputs.current();
    if (outputs != null && !settled.get()) {
      outputs.awaitConfirmed();
    }
    if (settled.compareAndSet(false, true)) {
      settlement.ack();
    }
  }

  @Override
  public void reject(boolean requeue) {
    if (settled.compareAndSet(false, true)) {
      settlement.reject(requeue);
    }
  }

  /** Claims the outcome of this delivery: true for the first caller only (handler or timeout). */
  public boolean complete() {
    return completed.compareAndSet(false, true);
  }

  /** Whether the outcome was claimed. */
  public boolean isCompleted() {
    return completed.get();
  }

  /** Whether the message came from the broker (not a test double), so it can be republished. */
  public boolean isFromBroker() {
    return fromBroker;
  }

  /** Whether the message was accepted or rejected already. */
  public boolean isSettled() {
    return settled.get();
  }

  /** Gives the message the span of its processing, replacing the span of an earlier attempt. */
  public void traced(MessageSpan processing) {
    span = processing;
  }

  /** Makes the message's span current on this thread, if it has one. */
  public MessageSpan.Scope spanScope() {
    MessageSpan current = span;
    return current == null ? MessageSpan.NO_SCOPE : current.makeCurrent();
  }

  /** Ends the message's span, if it has one, with the outcome. */
  public void endSpan(Throwable failure) {
    MessageSpan current = span;
    if (current != null) {
      span = null;
      current.end(failure);
    }
  }

  @Override
  public String toString() {
    return "Message[queue=" + queue() + ", deliveryTag=" + envelope().getDeliveryTag() + "]";
  }
}
