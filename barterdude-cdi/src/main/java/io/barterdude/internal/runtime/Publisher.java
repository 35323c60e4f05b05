package io.barterdude.internal.runtime;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.barterdude.PublishException;
import java.io.IOException;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Publishes with publisher confirms. Each publish borrows a confirm-mode channel from a pool (one
 * per concurrent publisher, created on demand), waits for the broker's confirm and returns the
 * channel; a channel in doubt (timeout, error) is closed instead.
 */
final class Publisher {

  private final Supplier<Connection> connection;
  private final long confirmTimeoutMillis;
  private final Deque<Channel> idle = new ConcurrentLinkedDeque<>();

  Publisher(Supplier<Connection> connection, long confirmTimeoutMillis) {
    this.connection = connection;
    this.confirmTimeoutMillis = confirmTimeoutMillis;
  }

  void publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
    Channel channel = borrow(exchange);
    boolean reusable = false;
    try {
      channel.basicPublish(exchange, routingKey, properties, body);
      reusable = channel.waitForConfirms(confirmTimeoutMillis);
      if (!reusable) {
        throw failure(exchange, "the broker refused it (nack)", null);
      }
    } catch (TimeoutException e) {
      throw failure(exchange, "no confirm within " + confirmTimeoutMillis + " ms", e);
    } catch (IOException | ShutdownSignalException e) {
      throw failure(exchange, e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(exchange, "interrupted while waiting for the confirm", e);
    } finally {
      release(channel, reusable);
    }
  }

  private Channel borrow(String exchange) {
    Channel channel;
    while ((channel = idle.poll()) != null) {
      if (channel.isOpen()) {
        return channel;
      }
    }
    Connection current = connection.get();
    if (current == null || !current.isOpen()) {
      throw failure(exchange, "not connected to RabbitMQ", null);
    }
    try {
      Channel opened = current.createChannel();
      opened.confirmSelect();
      return opened;
    } catch (IOException | ShutdownSignalException e) {
      throw failure(exchange, "cannot open a channel: " + e.getMessage(), e);
    }
  }

  private void release(Channel channel, boolean reusable) {
    if (reusable && channel.isOpen()) {
      idle.push(channel);
    } else {
      Channels.abortQuietly(channel);
    }
  }

  private static PublishException failure(String exchange, String reason, Throwable cause) {
    return new PublishException(
        "BDCDI0200: message to exchange '" + exchange + "' not published: " + reason, cause);
  }
}
