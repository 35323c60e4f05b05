package io.barterdude;

/** Base of the unchecked exceptions BarterDude throws. */
public class BarterDudeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what went wrong
   * @param cause the underlying error, or null
   */
  public BarterDudeException(String message, Throwable cause) {
    super(message, cause);
  }
}
