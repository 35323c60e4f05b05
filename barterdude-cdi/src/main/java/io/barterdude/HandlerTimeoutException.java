package io.barterdude;

/**
 * The failure a consumer's hooks and events receive when its handler ran longer than {@code
 * barterdude.handler-timeout-ms}: the message was settled as a failure and the handler's thread
 * interrupted; whatever the handler does afterwards no longer changes the message's outcome.
 */
public class HandlerTimeoutException extends BarterDudeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which consumer and how long
   */
  public HandlerTimeoutException(String message) {
    super(message, null);
  }
}
