package io.barterdude.internal.connection;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;

/** Small helpers for short-lived channels. */
public final class Channels {

  /** Work done on a channel that may be closed by the broker. */
  @FunctionalInterface
  public interface ChannelWork {
    void run(Channel channel) throws IOException;
  }

  private Channels() {}

  /** Runs work on a new channel and closes it, whatever the outcome. */
  public static void withChannel(Connection connection, ChannelWork work) throws IOException {
    Channel channel = connection.createChannel();
    try {
      work.run(channel);
    } finally {
      abortQuietly(channel);
    }
  }

  public static void abortQuietly(Channel channel) {
    try {
      channel.abort();
    } catch (IOException | RuntimeException e) {
      // already closed: nothing to release
    }
  }

  /** Whether the broker answered 404 NOT_FOUND (the queue or exchange does not exist). */
  public static boolean isNotFound(IOException error) {
    return error.getCause() instanceof ShutdownSignalException signal
        && signal.getReason() instanceof AMQP.Channel.Close close
        && close.getReplyCode() == AMQP.NOT_FOUND;
  }
}
