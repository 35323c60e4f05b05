package io.barterdude.hooks;

import io.barterdude.Message;
import java.time.Duration;

/**
 * Code that runs around every message of the consumers it monitors (the Python BarterDude's {@code
 * BaseHook}). A hook is a CDI bean, usually {@code @ApplicationScoped}, implementing the moments it
 * cares about:
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class MyCounterHook implements Hook {
 *   final AtomicLong consumed = new AtomicLong();
 *
 *   @Override
 *   public void beforeConsume(Message message) {
 *     consumed.incrementAndGet();
 *   }
 * }
 * }</pre>
 *
 * <p>Every hook monitors every consumer unless a consumer names the hooks it wants with {@link
 * io.barterdude.Consume#hooks()}. Hooks run in ascending {@link jakarta.annotation.Priority} of
 * their class (2500 when absent, like CDI observers), then by class name; the same order for every
 * moment. For each message: {@code beforeConsume}, then the handler, then {@code onSuccess} (the
 * handler returned, even if it rejected the message itself; after the acknowledgement) or {@code
 * onFail} (it threw, or the message failed validation; before the rejection or retry, so the
 * attempts of one message reach {@code onFail} in order). A hook that throws is logged and counted;
 * it changes neither the message's outcome nor the other hooks.
 */
public interface Hook {

  /**
   * Called before the handler, for every message received.
   *
   * @param message the message
   */
  default void beforeConsume(Message message) {}

  /**
   * Called after the handler returned normally.
   *
   * @param message the message
   */
  default void onSuccess(Message message) {}

  /**
   * Called after the handler returned normally, with the handling time; calls {@link
   * #onSuccess(Message)} unless overridden.
   *
   * @param message the message
   * @param duration how long validation and the handler took
   */
  default void onSuccess(Message message, Duration duration) {
    onSuccess(message);
  }

  /**
   * Called after the handler threw or the message was found invalid.
   *
   * @param message the message
   * @param error what the handler threw, or the validation error
   */
  default void onFail(Message message, Throwable error) {}

  /**
   * Called after the handler threw or the message was found invalid, with the handling time; calls
   * {@link #onFail(Message, Throwable)} unless overridden.
   *
   * @param message the message
   * @param error what the handler threw, or the validation error
   * @param duration how long validation and the handler took
   */
  default void onFail(Message message, Throwable error, Duration duration) {
    onFail(message, error);
  }

  /**
   * Called when connecting to the broker fails or an established connection is lost.
   *
   * @param error the cause
   * @param retries consecutive failures so far, including this one (1 for the first)
   */
  default void onConnectionFail(Throwable error, int retries) {}
}
