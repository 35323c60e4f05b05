package io.barterdude.internal.publishing;

import io.barterdude.BarterDude;
import java.util.function.Supplier;

/**
 * Sends the publishes made on one thread, while a test delivery runs there, to a test double
 * instead of the broker ({@link io.barterdude.testing.ConsumerTester} and the callback endpoint).
 * Publishes from other threads are not redirected.
 */
public final class PublishRedirect {

  private static final ThreadLocal<BarterDude> TARGET = new ThreadLocal<>();

  private PublishRedirect() {}

  /** The double publishes go to on this thread, or null. */
  public static BarterDude current() {
    return TARGET.get();
  }

  /** Runs work with this thread's publishes redirected to a double. */
  public static <T> T during(BarterDude target, Supplier<T> work) {
    TARGET.set(target);
    try {
      return work.get();
    } finally {
      TARGET.remove();
    }
  }
}
