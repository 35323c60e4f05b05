package io.barterdude;

/** Thrown when a message body cannot be read as JSON or bound to the requested type. */
public class MessageFormatException extends BarterDudeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what is wrong with the body (never the body itself)
   * @param cause the parser's error, or null
   */
  public MessageFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
