package io.barterdude.internal.publishing;

import io.barterdude.PublishException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * What a handler published while it ran: the confirmations its message's outcome waits for, so that
 * the message is acknowledged only once the broker confirmed every one, and no handler waits for a
 * confirm unless it asks to. The runtime opens one for each delivery on the handler's thread and
 * closes it when the handler returns; {@link #current()} tells a publish whether it runs inside a
 * handler.
 */
public final class HandlerOutputs {

  private static final ThreadLocal<HandlerOutputs> CURRENT = new ThreadLocal<>();

  private final long awaitMillis;
  private int unanswered;
  private PublishException failure;
  private Consumer<PublishException> whenAnswered;

  private HandlerOutputs(long awaitMillis) {
    this.awaitMillis = awaitMillis;
  }

  /** The outputs of the handler running on this thread, or null outside a handler. */
  public static HandlerOutputs current() {
    return CURRENT.get();
  }

  /**
   * Starts collecting the publishes of the handler about to run on this thread.
   *
   * @param awaitMillis how long {@link #awaitConfirmed()} waits at most
   */
  public static HandlerOutputs open(long awaitMillis) {
    HandlerOutputs outputs = new HandlerOutputs(awaitMillis);
    CURRENT.set(outputs);
    return outputs;
  }

  /** Stops collecting: the handler returned. */
  public void close() {
    CURRENT.remove();
  }

  /** Adds a confirmation the message's outcome waits for. */
  public void track(Confirmation confirmation) {
    synchronized (this) {
      unanswered++;
    }
    confirmation.whenAnswered(this::answered);
  }

  /**
   * Waits until every confirmation tracked so far is answered.
   *
   * @throws PublishException the first failure
   */
  public void awaitConfirmed() {
    long deadline = System.currentTimeMillis() + awaitMillis;
    synchronized (this) {
      try {
        while (unanswered > 0 && failure == null) {
          long left = deadline - System.currentTimeMillis();
          if (left <= 0) {
            throw new PublishException(
                PublishException.Reason.NOT_CONFIRMED,
                "BDCDI0200: no confirm within " + awaitMillis + " ms",
                null);
          }
          wait(left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PublishException(
            PublishException.Reason.INTERRUPTED,
            "BDCDI0200: interrupted while waiting for the confirms",
            e);
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  /**
   * Runs the outcome once every confirmation is answered, with the first failure or null: at once
   * on this thread if they are, else on {@code later} when the last answer comes.
   */
  public void whenConfirmed(Consumer<PublishException> outcome, Executor later) {
    PublishException now;
    synchronized (this) {
      if (unanswered > 0 && failure == null) {
        whenAnswered = result -> later.execute(() -> outcome.accept(result));
        return;
      }
      now = failure;
    }
    outcome.accept(now);
  }

  private void answered(PublishException error) {
    Consumer<PublishException> outcome = null;
    PublishException result;
    synchronized (this) {
      unanswered--;
      if (error != null && failure == null) {
        failure = error;
      }
      notifyAll();
      result = failure;
      if (whenAnswered != null && (unanswered == 0 || failure != null)) {
        outcome = whenAnswered;
        whenAnswered = null;
      }
    }
    if (outcome != null) {
      outcome.accept(result);
    }
  }
}
