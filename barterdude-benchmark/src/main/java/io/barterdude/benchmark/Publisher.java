package io.barterdude.benchmark;

/**
 * A confirmed publisher under test: fills a queue with copies of one body and returns once the
 * broker confirmed every message. Each fill starts a fresh one, set up before the clock starts.
 */
interface Publisher extends AutoCloseable {

  /** Connects (not timed). */
  void open() throws Exception;

  /** Publishes {@code count} persistent copies of the body to the queue, confirmed (timed). */
  void publish(String queue, byte[] body, int count) throws Exception;

  @Override
  void close() throws java.io.IOException;
}
