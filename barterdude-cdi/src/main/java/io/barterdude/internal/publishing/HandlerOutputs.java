package io.barterdude.internal.publishing;

import io.barterdude.PublishException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Where the publishes of the handler running on this thread go, and what its message's outcome
 * waits for. The processor opens one on the handler's thread for each delivery and closes it when
 * the handler returns; {@link #current()} tells a publish whether it runs inside a handler (the one
 * of the library's two thread-locals, with a worker's request-context controller).
 */
public abstract class HandlerOutputs {

  private static final ThreadLocal<HandlerOutputs> CURRENT = new ThreadLocal<>();

  /**
   * The outputs of the handler running on this thread.
   *
   * @return the outputs, or null outside a handler
   */
  public static HandlerOutputs current() {
    return CURRENT.get();
  }

  /** Starts taking the publishes of the handler about to run on this thread. */
  public final void open() {
    CURRENT.set(this);
  }

  /** Stops taking them: the handler returned. */
  public final void close() {
    CURRENT.remove();
  }

  /**
   * Takes one publish call of the running handler.
   *
   * @param outgoing the call
   * @throws PublishException if it cannot be sent
   */
  public abstract void publish(Outgoing outgoing);

  /**
   * Waits until the broker answered for every message published so far.
   *
   * @throws PublishException the first failure
   */
  public abstract void awaitConfirmed();

  /**
   * Runs the outcome once the broker answered for every message published, with the first failure
   * or null: at once on this thread if it did, else on {@code later} when the last answer comes.
   *
   * @param outcome what to run
   * @param later where to run it when it cannot run at once
   */
  public abstract void whenConfirmed(Consumer<PublishException> outcome, Executor later);
}
