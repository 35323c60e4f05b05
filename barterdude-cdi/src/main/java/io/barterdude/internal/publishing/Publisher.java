package io.barterdude.internal.publishing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.barterdude.PublishException;
import io.barterdude.PublishException.Reason;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Publishes with publisher confirms on the publishing connection. Every send writes to one
 * confirm-mode channel, one sender at a time (the connection's socket serializes writes anyway), so
 * that the broker confirms many messages with each multiple ack; a channel that closed is replaced
 * by the next send. A send returns a {@link Confirmation} that the channel answers when the broker
 * confirms; {@link #publish} waits for it. {@link #expireUnconfirmed()}, run by a timer, fails the
 * messages not confirmed in time. While the broker blocks publishers, a send waits up to the
 * blocked timeout and then fails with {@link Reason#BLOCKED} instead of writing to a connection
 * nobody reads.
 */
public final class Publisher {

  private static final long ANSWER_POLL_MILLIS = 5;

  private final Supplier<Connection> connection;
  private final PublishGate gate;
  private final long confirmTimeoutMillis;
  private final long blockedTimeoutMillis;
  private final boolean mandatory;
  private final Object sending = new Object();
  private volatile ConfirmChannel channel;
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
    synchronized (sending) {
      ConfirmChannel open = openChannel(exchange, routingKey);
      try {
        return open.send(exchange, routingKey, properties, bodies);
      } catch (IOException | ShutdownSignalException e) {
        open.abort();
        throw failure(
            exchange, routingKey, Reason.CONNECTION_LOST, String.valueOf(e.getMessage()), e);
      }
    }
  }

  /** Fails every message not confirmed within the confirm timeout. */
  public void expireUnconfirmed() {
    ConfirmChannel current = channel;
    if (current != null) {
      current.expire(confirmTimeoutMillis);
    }
  }

  /**
   * Waits, polling, until the broker answered every message sent, at most until the deadline or the
   * confirm timeout.
   */
  public void awaitAnswered(long deadlineMillis) {
    long deadline = Math.min(deadlineMillis, System.currentTimeMillis() + confirmTimeoutMillis);
    ConfirmChannel current = channel;
    while (current != null && current.awaitsConfirms() && System.currentTimeMillis() < deadline) {
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

  /** The channel to send on: the current one, or a new one if it closed (or none was open). */
  private ConfirmChannel openChannel(String exchange, String routingKey) {
    ConfirmChannel current = channel;
    if (current != null && current.isOpen()) {
      return current;
    }
    if (current != null) {
      current.abort();
    }
    Connection connection = this.connection.get();
    if (connection == null || !connection.isOpen()) {
      throw failure(exchange, routingKey, Reason.NOT_CONNECTED, "not connected to RabbitMQ", null);
    }
    long episode = gate.episodes();
    try {
      channel = new ConfirmChannel(connection.createChannel(), mandatory, gate);
      return channel;
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

  public static PublishException failure(
      String exchange, String routingKey, Reason reason, String why, Throwable cause) {
    String key = routingKey == null ? "" : " with routing key '" + routingKey + "'";
    return new PublishException(
        reason,
        "BDCDI0200: message to exchange '" + exchange + "'" + key + " not published: " + why,
        cause);
  }
}
