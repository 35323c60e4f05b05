package io.barterdude.sample;

/** Thrown by {@link SampleConsumer} for the message {@code "exception"}, so that it is requeued. */
public class SampleException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message why the consumer failed
   */
  public SampleException(String message) {
    super(message);
  }
}
