package io.barterdude.benchmark;

/**
 * A consumer under test. Each drain starts a fresh one and closes it afterwards; its handlers parse
 * every body as JSON and report to the current {@link Sink}.
 */
interface Contestant extends AutoCloseable {

  /** Subscribes to the queue and starts handling its messages. */
  void start(String queue) throws Exception;

  /**
   * Checks, after a drain, what the contestant itself recorded about it.
   *
   * @param handled messages the handlers reported
   */
  default void verify(int handled) throws Exception {}

  /** Stops consuming and releases every thread and connection. */
  @Override
  void close() throws java.io.IOException;

  /** Creates contestants of one kind. */
  interface Factory {
    /** The name shown in the results. */
    String name();

    Contestant create();
  }

  /** A factory from a name and a constructor. */
  static Factory of(String name, java.util.function.Supplier<Contestant> constructor) {
    return new Factory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Contestant create() {
        return constructor.get();
      }
    };
  }
}
