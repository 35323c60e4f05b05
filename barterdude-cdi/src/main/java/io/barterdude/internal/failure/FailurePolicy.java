package io.barterdude.internal.failure;

import io.barterdude.internal.config.Backoff;
import io.barterdude.internal.config.ConsumerDefinition;
import io.barterdude.internal.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * How one consumer treats failed messages: its settings merged with the global ones, and the names
 * of the queues where its messages wait for a retry or end up.
 *
 * @param maxAttempts deliveries of a failing message before it is given up; 0 for no limit
 * @param delayMillis the wait before the first retry, on the broker; 0 to requeue at once
 * @param maxDelayMillis the longest wait
 * @param noRetryFor exceptions that give a message up at once
 * @param deadLetter whether given-up messages go to {@code <queue>.dlq}
 */
public record FailurePolicy(
    int maxAttempts,
    long delayMillis,
    long maxDelayMillis,
    List<Class<? extends Throwable>> noRetryFor,
    boolean deadLetter) {

  public static FailurePolicy of(ConsumerDefinition definition, Settings settings) {
    return new FailurePolicy(
        definition.maxAttempts() >= 0 ? definition.maxAttempts() : settings.maxAttempts(),
        definition.retryDelayMillis() >= 0
            ? definition.retryDelayMillis()
            : settings.retryDelay().toMillis(),
        settings.retryMaxDelay().toMillis(),
        definition.noRetryFor(),
        definition.deadLetter() != null ? definition.deadLetter() : settings.deadLetter());
  }

  /** The queue where the given-up messages of a queue go. */
  public static String deadLetterQueue(String queue) {
    return queue + ".dlq";
  }

  /** The queue where messages of a queue wait that long before they return to it. */
  static String retryQueue(String queue, long delayMillis) {
    return queue + ".retry." + delayMillis;
  }

  /** Whether a failure is worth retrying: not one of {@link #noRetryFor()}, nor caused by one. */
  boolean retries(Throwable failure) {
    return !causedBy(failure, noRetryFor);
  }

  /** Whether the failure, or one of its causes, is of one of the types (or a subclass). */
  public static boolean causedBy(Throwable failure, List<Class<? extends Throwable>> types) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      Class<?> type = cause.getClass();
      if (types.stream().anyMatch(listed -> listed.isAssignableFrom(type))) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /** The wait after a message's nth failure: the delay doubled n - 1 times, at most the max. */
  long delayAfter(int failures) {
    return new Backoff(Duration.ofMillis(delayMillis), Duration.ofMillis(maxDelayMillis))
        .delayMillis(failures);
  }

  /** Every wait a message of this consumer can get, each a retry queue; none without a delay. */
  SortedSet<Long> delays() {
    SortedSet<Long> delays = new TreeSet<>();
    if (delayMillis <= 0) {
      return delays;
    }
    for (int failures = 1; maxAttempts == 0 || failures < maxAttempts; failures++) {
      long delay = delayAfter(failures);
      delays.add(delay);
      if (delay >= maxDelayMillis) {
        break;
      }
    }
    return delays;
  }
}
