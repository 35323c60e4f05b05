package io.barterdude.internal.runtime;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;

/** Small helpers for short-lived channels. */
final class Channels {

  /** Work done on a channel that may be closed by the broker. */
  @FunctionalInterface
  interface ChannelWork {
    void run(Channel channel) throws IOException;
  }

  private Channels() {}

  /** Runs work on a new channel and closes it, whatever the outcome. */
  static void withChannel(Connection connection, ChannelWork work) throws IOException {
    Channel channel = connection.createChannel();
    try {
      work.run(channel);
    } finally {
      abortQuietly(channel);
    }
  }

  static void abortQuietly(Channel channel) {
    try {
      channel.abort();
    } catch (IOException | RuntimeException e) {
      // already closed: nothing to release
    }
  }

  /** Whether the broker answered 404 NOT_FOUND (the queue or exchange does not exist). */
  static boolean isNotFound(IOException error) {
    return error.getCause() instanceof ShutdownSignalException signal
        && signal.getReason() instanceof AMQP.Channel.Close close
        && close.getReplyCode() == AMQP.NOT_FOUND;
  }
}
