package io.barterdude.internal.trace;

import com.rabbitmq.client.AMQP;

/** One span of BarterDude's: a message processed or a publish. */
public interface MessageSpan {

  /** What {@link #makeCurrent()} returns: closing it restores the thread's previous span. */
  interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** A scope that changes nothing, for messages without a span. */
  Scope NO_SCOPE = () -> {};

  /**
   * Makes this span the current one on the calling thread, so that spans started there (the
   * handler's own, a publish) become its children.
   *
   * @return the scope to close on the same thread
   */
  Scope makeCurrent();

  /**
   * The properties with this span's context in their headers ({@code traceparent}, {@code
   * tracestate}), the other headers kept.
   *
   * @param properties the message's properties
   * @return new properties
   */
  AMQP.BasicProperties inject(AMQP.BasicProperties properties);

  /**
   * Ends the span with its outcome.
   *
   * @param failure what failed the operation, or null on success
   */
  void end(Throwable failure);
}
