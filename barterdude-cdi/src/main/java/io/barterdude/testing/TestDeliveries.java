package io.barterdude.testing;

/**
 * Runs one message through a consumer's pipeline on the calling thread, without the broker: the
 * service behind {@link ConsumerTester}. BarterDude provides it; use {@link ConsumerTester}.
 */
public interface TestDeliveries {

  /**
   * Delivers a message to a consumer; accepting or rejecting it records the call on the message.
   *
   * @param consumer the consumer's name ({@code @Consume(name)} or {@code SimpleClass.method}), or
   *     its end if that fits one consumer only (e.g. the method's name)
   * @param message the message
   * @param barterdude records the consumer's publishes; null publishes to the real broker
   * @return what the consumer threw (or the validation error), or null
   * @throws IllegalArgumentException if no consumer has that name, or several do (the message lists
   *     them)
   */
  Throwable deliver(String consumer, MessageDouble message, BarterDudeDouble barterdude);
}
