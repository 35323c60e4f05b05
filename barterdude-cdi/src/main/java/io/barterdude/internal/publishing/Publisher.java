package io.barterdude.internal.publishing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.barterdude.PublishException;
import io.barterdude.PublishException.Reason;
import java.io.IOException;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Publishes with publisher confirms on the publishing connection. A send borrows a confirm-mode
 * channel from a pool (one per concurrent sender, created on demand) only while it writes, and
 * returns a {@link Confirmation} that the channel answers when the broker confirms; {@link
 * #publish} waits for it. {@link #expireUnconfirmed()}, run by a timer, fails the messages not
 * confirmed in time. While the broker blocks publishers, a send waits up to the blocked timeout and
 * then fails with {@link Reason#BLOCKED} instead of writing to a connection nobody reads.
 */
public final class Publisher {

  private static final long ANSWER_POLL_MILLIS = 5;

  private final Supplier<Connection> connection;
  private final PublishGate gate;
  private final long confirmTimeoutMillis;
  private final long blockedTimeoutMillis;
  private final boolean mandatory;
  private final Deque<ConfirmChannel> idle = new ConcurrentLinkedDeque<>();
  private final Set<ConfirmChannel> channels = ConcurrentHashMap.newKeySet();
  private final List<PublishListener> listeners = new CopyOnWriteArrayList<>();

  public Publisher(
      Supplier<Connection> connection,
      PublishGate gate,
      long confirmTimeoutMillis,
      long blockedTimeoutMillis,
      boolean mandatory) {
    this.connection = connection;
    this.gate = gate;
    this.confirmTimeoutMillis = confirmTimeoutMillis;
    this.blockedTimeoutMillis = blockedTimeoutMillis;
    this.mandatory = mandatory;
  }

  /** Sends every body and waits for all their confirms at once. */
  public void publish(
      String exchange, String routingKey, AMQP.BasicProperties properties, List<byte[]> bodies) {
    send(exchange, routingKey, properties, bodies).await(confirmTimeoutMillis);
  }

  /** Tells the listener, besides any others, how every send ends, from now on. */
  public void listen(PublishListener listener) {
    listeners.add(listener);
  }

  /**
   * Sends every body now, without waiting for the broker, and tells the listeners how the send
   * ends.
   *
   * @return the confirmation the broker's confirms answer
   * @throws PublishException if the messages cannot be sent (not connected, blocked)
   */
  public Confirmation send(
      String exchange, String routingKey, AMQP.BasicProperties properties, List<byte[]> bodies) {
    if (listeners.isEmpty()) {
      return write(exchange, routingKey, properties, bodies);
    }
    long start = System.nanoTime();
    Confirmation confirmation;
    try {
      confirmation = write(exchange, routingKey, properties, bodies);
    } catch (PublishException e) {
      listeners.forEach(heard -> heard.failed(bodies.size(), e.reason()));
      throw e;
    }
    confirmation.whenAnswered(
        failure -> {
          long nanos = System.nanoTime() - start;
          for (PublishListener heard : listeners) {
            if (failure == null) {
              heard.confirmed(bodies.size(), nanos);
            } else {
              heard.failed(bodies.size(), failure.reason());
            }
          }
        });
    return confirmation;
  }

  private Confirmation write(
      String exchange, String routingKey, AMQP.BasicProperties properties, List<byte[]> bodies) {
    awaitUnblocked(exchange, routingKey);
    ConfirmChannel channel = borrow(exchange, routingKey);
    boolean reusable = false;
    try {
      Confirmation confirmation = channel.send(exchange, routingKey, properties, bodies);
      reusable = true;
      return confirmation;
    } catch (IOException | ShutdownSignalException e) {
      throw failure(
          exchange, routingKey, Reason.CONNECTION_LOST, String.valueOf(e.getMessage()), e);
    } finally {
      release(channel, reusable);
    }
  }

  /** Fails every message not confirmed within the confirm timeout. */
  public void expireUnconfirmed() {
    channels.forEach(channel -> channel.expire(confirmTimeoutMillis));
  }

  /**
   * Waits, polling, until the broker answered every message sent, at most until the deadline or the
   * confirm timeout.
   */
  public void awaitAnswered(long deadlineMillis) {
    long deadline = Math.min(deadlineMillis, System.currentTimeMillis() + confirmTimeoutMillis);
    while (channels.stream().anyMatch(ConfirmChannel::awaitsConfirms)
        && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(ANSWER_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void awaitUnblocked(String exchange, String routingKey) {
    String reason;
    try {
      reason = gate.awaitOpen(blockedTimeoutMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(exchange, routingKey, Reason.INTERRUPTED, "interrupted while blocked", e);
    }
    if (reason != null) {
      throw failure(
          exchange,
          routingKey,
          Reason.BLOCKED,
          "the broker has been blocking publishers for " + blockedTimeoutMillis + " ms: " + reason,
          null);
    }
  }

  private ConfirmChannel borrow(String exchange, String routingKey) {
    ConfirmChannel channel;
    while ((channel = idle.poll()) != null) {
      if (channel.isOpen()) {
        return channel;
      }
      channels.remove(channel);
      channel.abort();
    }
    Connection current = connection.get();
    if (current == null || !current.isOpen()) {
      throw failure(exchange, routingKey, Reason.NOT_CONNECTED, "not connected to RabbitMQ", null);
    }
    long episode = gate.episodes();
    try {
      ConfirmChannel opened = new ConfirmChannel(current.createChannel(), mandatory, gate);
      channels.add(opened);
      return opened;
    } catch (IOException | ShutdownSignalException e) {
      boolean blocked = gate.blockedReason() != null || gate.episodes() != episode;
      throw failure(
          exchange,
          routingKey,
          blocked ? Reason.BLOCKED : Reason.NOT_CONNECTED,
          "cannot open a channel"
              + (blocked ? " while the broker blocks publishers: " : ": ")
              + e.getMessage(),
          e);
    }
  }

  private void release(ConfirmChannel channel, boolean reusable) {
    if (reusable && channel.isOpen()) {
      idle.push(channel);
    } else {
      channels.remove(channel);
      channel.abort();
    }
  }

  public static PublishException failure(
      String exchange, String routingKey, Reason reason, String why, Throwable cause) {
    String key = routingKey == null ? "" : " with routing key '" + routingKey + "'";
    return new PublishException(
        reason,
        "BDCDI0200: message to exchange '" + exchange + "'" + key + " not published: " + why,
        cause);
  }
}
