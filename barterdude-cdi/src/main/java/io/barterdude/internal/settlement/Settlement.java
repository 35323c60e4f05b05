package io.barterdude.internal.settlement;

import io.barterdude.internal.message.AmqpMessage;

/**
 * Acknowledges or rejects one delivery on the broker. Implementations need not guard against being
 * called twice: {@link AmqpMessage} settles at most once.
 */
public interface Settlement {

  /** Acknowledges the delivery. */
  void ack();

  /**
   * Rejects the delivery.
   *
   * @param requeue whether the broker puts it back on its queue
   */
  void reject(boolean requeue);
}
