package io.barterdude.hooks;

/**
 * CDI event fired when the broker cancels a consumer's subscription to a queue, usually because the
 * queue was deleted. Readiness is DOWN until BarterDude has subscribed again, which it keeps trying
 * with the reconnect backoff (redeclaring the queue when {@code barterdude.declare-queues} is on).
 *
 * @param consumer the consumer's name
 * @param queue the queue whose subscription was cancelled
 */
public record ConsumerCancelled(String consumer, String queue) {}
