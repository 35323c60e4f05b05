package io.barterdude.internal.health;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Successes and failures over the last {@code window} seconds, in one bucket per second: memory and
 * cost per message stay constant whatever the rate (two array increments, no queue of timestamps).
 * A bucket whose second has left the window is reset before it is reused.
 */
public final class SuccessWindow {

  /** Successes and failures counted in the window. */
  public record Counts(long success, long fail) {
    /** Whether nothing was counted. */
    public boolean isEmpty() {
      return success == 0 && fail == 0;
    }

    /** Successes over all messages; 1 when there were none. */
    public double rate() {
      return isEmpty() ? 1.0 : (double) success / (success + fail);
    }
  }

  private final int seconds;
  private final LongSupplier clock;
  private final AtomicLongArray stamps;
  private final AtomicLongArray successes;
  private final AtomicLongArray failures;

  /**
   * Creates a window.
   *
   * @param seconds the window length in seconds, at least 1
   * @param clock the current time in seconds
   */
  public SuccessWindow(int seconds, LongSupplier clock) {
    this.seconds = seconds;
    this.clock = clock;
    this.stamps = new AtomicLongArray(seconds);
    this.successes = new AtomicLongArray(seconds);
    this.failures = new AtomicLongArray(seconds);
    for (int i = 0; i < seconds; i++) {
      stamps.set(i, Long.MIN_VALUE);
    }
  }

  /** Counts a success now. */
  public void success() {
    successes.incrementAndGet(bucket());
  }

  /** Counts a failure now. */
  public void fail() {
    failures.incrementAndGet(bucket());
  }

  /** The counts of the last {@code seconds} seconds, this one included. */
  public Counts counts() {
    long now = clock.getAsLong();
    long success = 0;
    long fail = 0;
    for (int i = 0; i < seconds; i++) {
      if (now - stamps.get(i) < seconds) {
        success += successes.get(i);
        fail += failures.get(i);
      }
    }
    return new Counts(success, fail);
  }

  private int bucket() {
    long now = clock.getAsLong();
    int index = (int) Math.floorMod(now, (long) seconds);
    if (stamps.get(index) != now) {
      synchronized (this) {
        if (stamps.get(index) != now) {
          successes.set(index, 0);
          failures.set(index, 0);
          stamps.set(index, now);
        }
      }
    }
    return index;
  }
}
