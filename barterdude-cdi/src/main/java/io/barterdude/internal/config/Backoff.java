package io.barterdude.internal.config;

import java.time.Duration;

/**
 * An exponential backoff: the first delay, doubled after each failed attempt, at most the longest
 * delay. The reconnect backoff ({@code barterdude.reconnect-delay-ms} doubling up to {@code
 * barterdude.reconnect-max-delay-ms}) paces the first connect, the client's automatic recovery and
 * the resubscription of lost consumers.
 *
 * @param first the delay after the first failed attempt
 * @param max the longest delay
 */
public record Backoff(Duration first, Duration max) {

  /**
   * The delay after a failed attempt.
   *
   * @param attempt the attempt that failed, from 1
   * @return {@code first × 2^(attempt - 1)} milliseconds, at most {@code max}
   */
  public long delayMillis(int attempt) {
    long firstMillis = first.toMillis();
    int doublings = Math.max(0, attempt - 1);
    if (doublings >= Long.numberOfLeadingZeros(firstMillis) - 1) {
      return max.toMillis(); // doubled this often it is at least 2^62 ms, beyond any max
    }
    return Math.min(max.toMillis(), firstMillis << doublings);
  }
}
