package io.barterdude.internal.publishing;

import io.barterdude.PublishException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The broker's answer to one send of one or more messages: confirmed once every message was, or
 * failed with the first {@link PublishException}.
 */
public final class Confirmation {

  private final AtomicInteger unconfirmed;
  private final CompletableFuture<Void> answer = new CompletableFuture<>();

  Confirmation(int messages) {
    this.unconfirmed = new AtomicInteger(messages);
  }

  /** One of the messages was confirmed. */
  void confirmed() {
    if (unconfirmed.decrementAndGet() == 0) {
      answer.complete(null);
    }
  }

  /** One of the messages was not published. */
  void failed(PublishException failure) {
    answer.completeExceptionally(failure);
  }

  /** Runs a callback once answered, with the failure or null; at once, on this thread, if it is. */
  void whenAnswered(Consumer<PublishException> callback) {
    answer.whenComplete((ignored, failure) -> callback.accept((PublishException) failure));
  }

  /**
   * Waits for the answer.
   *
   * @param timeoutMillis the longest wait
   * @throws PublishException if a message was not published or no answer came in time
   */
  public void await(long timeoutMillis) {
    try {
      answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw (PublishException) e.getCause();
    } catch (TimeoutException e) {
      throw new PublishException(
          PublishException.Reason.NOT_CONFIRMED,
          "BDCDI0200: no confirm within " + timeoutMillis + " ms",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishException(
          PublishException.Reason.INTERRUPTED,
          "BDCDI0200: interrupted while waiting for the confirm",
          e);
    }
  }
}
