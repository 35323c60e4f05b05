package io.barterdude;

/**
 * Thrown when a message could not be published: not connected, refused (nack) or not confirmed in
 * time. The message may or may not have reached the broker when the confirm timed out.
 */
public class PublishException extends BarterDudeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what went wrong
   * @param cause the underlying error, or null
   */
  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
