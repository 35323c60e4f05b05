package io.barterdude;

/**
 * Thrown when a message could not be published, with the {@link Reason}. When the confirm timed
 * out, the message may or may not have reached the broker.
 */
public class PublishException extends BarterDudeException {

  private static final long serialVersionUID = 1L;

  /** Why a message was not published. */
  public enum Reason {
    /** There is no connection to the broker (not yet connected, or recovering). */
    NOT_CONNECTED,
    /**
     * The broker blocks publishers (a memory or disk alarm) and did not unblock within {@code
     * barterdude.publish-blocked-timeout-ms}. A handler failing for this reason is not charged an
     * attempt: its consumer pauses and handles the message again once the broker unblocks.
     */
    BLOCKED,
    /** The broker refused the message (a negative confirm). */
    REFUSED,
    /** No queue is bound for the message (with {@code barterdude.publish-mandatory}). */
    UNROUTABLE,
    /** The broker did not confirm the message within {@code publish-confirm-timeout-ms}. */
    NOT_CONFIRMED,
    /** The channel or connection closed before the broker confirmed the message. */
    CONNECTION_LOST,
    /** The thread was interrupted while it waited for the confirm. */
    INTERRUPTED
  }

  private final Reason reason;

  /**
   * Creates an exception.
   *
   * @param reason why the message was not published
   * @param message what went wrong
   * @param cause the underlying error, or null
   */
  public PublishException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /**
   * Why the message was not published.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
