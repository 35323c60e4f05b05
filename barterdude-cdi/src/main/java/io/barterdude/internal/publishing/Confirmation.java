package io.barterdude.internal.publishing;

import io.barterdude.PublishException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The broker's answer to one send of one or more messages: confirmed once every message was, or
 * failed with the first {@link PublishException}. Callbacks run once, on the thread that answers,
 * outside the lock.
 */
public final class Confirmation {

  private int unconfirmed;
  private boolean answered;
  private PublishException failure;
  private List<Consumer<PublishException>> callbacks = new ArrayList<>(2);

  Confirmation(int messages) {
    this.unconfirmed = messages;
  }

  /** One of the messages was confirmed. */
  void confirmed() {
    List<Consumer<PublishException>> due;
    synchronized (this) {
      if (answered || --unconfirmed > 0) {
        return;
      }
      due = answer(null);
    }
    due.forEach(callback -> callback.accept(null));
  }

  /** One of the messages was not published. */
  void failed(PublishException error) {
    List<Consumer<PublishException>> due;
    synchronized (this) {
      if (answered) {
        return;
      }
      due = answer(error);
    }
    due.forEach(callback -> callback.accept(error));
  }

  /** Runs a callback once answered, with the failure or null; at once, on this thread, if it is. */
  void whenAnswered(Consumer<PublishException> callback) {
    synchronized (this) {
      if (!answered) {
        callbacks.add(callback);
        return;
      }
    }
    callback.accept(failure);
  }

  /**
   * Waits for the answer.
   *
   * @param timeoutMillis the longest wait
   * @throws PublishException if a message was not published or no answer came in time
   */
  public synchronized void await(long timeoutMillis) {
    awaitAnswered(this, () -> answered, timeoutMillis, "the confirm");
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Waits on a monitor the caller holds until the broker's answers are in, at most the timeout.
   *
   * @param answered whether they are, read under the monitor
   * @param awaited what is awaited, for the interruption's message
   * @throws PublishException {@link PublishException.Reason#NOT_CONFIRMED} once the time is up,
   *     {@link PublishException.Reason#INTERRUPTED} if the thread is interrupted
   */
  static void awaitAnswered(
      Object monitor, BooleanSupplier answered, long timeoutMillis, String awaited) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    try {
      while (!answered.getAsBoolean()) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          throw new PublishException(
              PublishException.Reason.NOT_CONFIRMED,
              "BDCDI0200: no confirm within " + timeoutMillis + " ms",
              null);
        }
        monitor.wait(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishException(
          PublishException.Reason.INTERRUPTED,
          "BDCDI0200: interrupted while waiting for " + awaited,
          e);
    }
  }

  /** Records the answer under the lock and hands back the callbacks to run. */
  private List<Consumer<PublishException>> answer(PublishException error) {
    answered = true;
    failure = error;
    notifyAll();
    List<Consumer<PublishException>> due = callbacks;
    callbacks = List.of();
    return due;
  }
}
