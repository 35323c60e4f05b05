package io.barterdude.internal.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The backoff and the exception rules of a consumer's failure policy. */
class FailurePolicyTest {

  static FailurePolicy policy(int maxAttempts, long delay, long maxDelay) {
    return new FailurePolicy(maxAttempts, delay, maxDelay, List.of(), false);
  }

  @Test
  void theWaitDoublesAfterEachFailureUpToTheMaximum() {
    FailurePolicy policy = policy(10, 400, 3000);
    assertEquals(
        List.of(400L, 800L, 1600L, 3000L, 3000L),
        List.of(
            policy.delayAfter(1),
            policy.delayAfter(2),
            policy.delayAfter(3),
            policy.delayAfter(4),
            policy.delayAfter(5)));
    assertEquals(3000L, policy.delayAfter(1_000), "no overflow after many failures");
  }

  @Test
  void eachPossibleWaitHasItsRetryQueue() {
    assertEquals(List.of(400L, 800L, 1600L, 3200L), List.copyOf(policy(5, 400, 300_000).delays()));
    assertEquals(List.of(400L, 800L), List.copyOf(policy(3, 400, 300_000).delays()));
    assertEquals(List.of(), List.copyOf(policy(1, 400, 300_000).delays()), "no retry at all");
    assertEquals(
        List.of(400L, 800L, 1000L),
        List.copyOf(policy(0, 400, 1000).delays()),
        "retrying forever ends at the maximum wait");
    assertEquals(List.of(), List.copyOf(policy(5, 0, 1000).delays()), "no delay, no queue");
    assertEquals("orders.retry.400", FailurePolicy.retryQueue("orders", 400));
    assertEquals("orders.dlq", FailurePolicy.deadLetterQueue("orders"));
  }

  @Test
  void noRetryForMatchesSubclassesAndWrappedCauses() {
    FailurePolicy policy =
        new FailurePolicy(5, 0, 1000, List.of(IllegalArgumentException.class), false);
    assertFalse(policy.retries(new NumberFormatException("a subclass")));
    assertFalse(policy.retries(new CompletionException(new IllegalArgumentException("wrapped"))));
    assertTrue(policy.retries(new IllegalStateException("another")));
    assertTrue(policy.retries(new UncheckedIOException(new java.io.IOException("io"))));
  }
}
