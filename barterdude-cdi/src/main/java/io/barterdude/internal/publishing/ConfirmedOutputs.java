package io.barterdude.internal.publishing;

import io.barterdude.PublishException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * What a handler published to the broker while it ran: each publish is sent at once, and its
 * confirmation is what the message's outcome waits for, so that the message is acknowledged only
 * once the broker confirmed every one, and no handler waits for a confirm unless it asks to.
 */
public final class ConfirmedOutputs extends HandlerOutputs {

  private final Publisher publisher;
  private final long awaitMillis;
  private int unanswered;
  private PublishException failure;
  private Consumer<PublishException> whenAnswered;

  /**
   * Creates the outputs of one delivery.
   *
   * @param publisher sends the publishes
   * @param awaitMillis how long {@link #awaitConfirmed()} waits at most
   */
  public ConfirmedOutputs(Publisher publisher, long awaitMillis) {
    this.publisher = publisher;
    this.awaitMillis = awaitMillis;
  }

  @Override
  public void publish(Outgoing outgoing) {
    if (!outgoing.bodies().isEmpty()) {
      track(
          publisher.send(
              outgoing.exchange(),
              outgoing.routingKey(),
              outgoing.properties(),
              outgoing.bodies()));
    }
  }

  /** Adds a confirmation the message's outcome waits for. */
  private void track(Confirmation confirmation) {
    synchronized (this) {
      unanswered++;
    }
    confirmation.whenAnswered(this::answered);
  }

  @Override
  public void awaitConfirmed() {
    synchronized (this) {
      Confirmation.awaitAnswered(
          this, () -> unanswered == 0 || failure != null, awaitMillis, "the confirms");
      if (failure != null) {
        throw failure;
      }
    }
  }

  @Override
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
