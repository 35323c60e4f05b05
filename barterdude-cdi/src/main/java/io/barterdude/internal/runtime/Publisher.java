package io.barterdude.internal.runtime;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.barterdude.PublishException;
import java.io.IOException;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Publishes with publisher confirms. Each publish borrows a confirm-mode channel from a pool (one
 * per concurrent publisher, created on demand), waits for the broker's confirms and returns the
 * channel; a channel in doubt (timeout, error) is closed instead. With {@code mandatory}, a message
 * no queue is bound for comes back (basic.return, always before its confirm) and fails the publish.
 */
final class Publisher {

  /** A pooled channel and the count of messages the broker returned on it. */
  private record PooledChannel(Channel channel, AtomicInteger returned) {}

  private final Supplier<Connection> connection;
  private final long confirmTimeoutMillis;
  private final boolean mandatory;
  private final Deque<PooledChannel> idle = new ConcurrentLinkedDeque<>();

  Publisher(Supplier<Connection> connection, long confirmTimeoutMillis, boolean mandatory) {
    this.connection = connection;
    this.confirmTimeoutMillis = confirmTimeoutMillis;
    this.mandatory = mandatory;
  }

  void publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
    publish(exchange, routingKey, properties, List.of(body));
  }

  /** Publishes every body, then waits for all their confirms at once. */
  void publish(
      String exchange, String routingKey, AMQP.BasicProperties properties, List<byte[]> bodies) {
    PooledChannel pooled = borrow(exchange);
    Channel channel = pooled.channel();
    pooled.returned().set(0);
    boolean reusable = false;
    try {
      for (byte[] body : bodies) {
        channel.basicPublish(exchange, routingKey, mandatory, properties, body);
      }
      reusable = channel.waitForConfirms(confirmTimeoutMillis);
      if (!reusable) {
        throw failure(exchange, routingKey, "the broker refused it (nack)", null);
      }
      checkReturned(pooled, bodies.size(), exchange, routingKey);
    } catch (TimeoutException e) {
      throw failure(exchange, routingKey, "no confirm within " + confirmTimeoutMillis + " ms", e);
    } catch (IOException | ShutdownSignalException e) {
      throw failure(exchange, routingKey, e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(exchange, routingKey, "interrupted while waiting for the confirm", e);
    } finally {
      release(pooled, reusable);
    }
  }

  private static void checkReturned(
      PooledChannel pooled, int published, String exchange, String routingKey) {
    int returned = pooled.returned().get();
    if (returned > 0) {
      String which = published == 1 ? "it" : returned + " of " + published + " messages";
      throw failure(exchange, routingKey, "no queue is bound for " + which + " (unroutable)", null);
    }
  }

  private PooledChannel borrow(String exchange) {
    PooledChannel pooled;
    while ((pooled = idle.poll()) != null) {
      if (pooled.channel().isOpen()) {
        return pooled;
      }
    }
    Connection current = connection.get();
    if (current == null || !current.isOpen()) {
      throw failure(exchange, null, "not connected to RabbitMQ", null);
    }
    try {
      Channel opened = current.createChannel();
      opened.confirmSelect();
      AtomicInteger returned = new AtomicInteger();
      opened.addReturnListener(message -> returned.incrementAndGet());
      return new PooledChannel(opened, returned);
    } catch (IOException | ShutdownSignalException e) {
      throw failure(exchange, null, "cannot open a channel: " + e.getMessage(), e);
    }
  }

  private void release(PooledChannel pooled, boolean reusable) {
    if (reusable && pooled.channel().isOpen()) {
      idle.push(pooled);
    } else {
      Channels.abortQuietly(pooled.channel());
    }
  }

  private static PublishException failure(
      String exchange, String routingKey, String reason, Throwable cause) {
    String key = routingKey == null ? "" : " with routing key '" + routingKey + "'";
    return new PublishException(
        "BDCDI0200: message to exchange '" + exchange + "'" + key + " not published: " + reason,
        cause);
  }
}
