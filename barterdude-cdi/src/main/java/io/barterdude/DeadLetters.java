package io.barterdude;

/**
 * The dead-letter queues of consumers with {@code barterdude.dead-letter=auto}: {@code <queue>.dlq}
 * holds the messages BarterDude gave up, each with why in its headers ({@code
 * x-barterdude-exception}, {@code x-barterdude-exception-message}, {@code x-fail-tries}, {@code
 * x-barterdude-consumer}, {@code x-barterdude-queue}). Inject it to move them back once the cause
 * is fixed:
 *
 * <pre>{@code
 * @Inject DeadLetters deadLetters;
 * ...
 * long moved = deadLetters.replay("orders");
 * }</pre>
 */
public interface DeadLetters {

  /**
   * Moves the messages in {@code <queue>.dlq} now back to {@code queue}, without the reason and
   * attempt headers (they start again at attempt 1). Each message is published with confirm and
   * only then removed from the dead-letter queue, so none is lost; a message whose confirm never
   * came may be moved twice. Messages dead-lettered while this runs stay for the next call.
   *
   * @param queue the consumed queue, not its {@code .dlq}
   * @return how many messages were moved
   * @throws IllegalArgumentException if {@code <queue>.dlq} does not exist
   * @throws PublishException if a message could not be moved: those before it were, it and those
   *     after it stay in the dead-letter queue
   */
  long replay(String queue);
}
