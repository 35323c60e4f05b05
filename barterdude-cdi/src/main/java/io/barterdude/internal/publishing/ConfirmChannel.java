package io.barterdude.internal.publishing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ReturnListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.barterdude.PublishException;
import io.barterdude.PublishException.Reason;
import io.barterdude.internal.connection.Channels;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A confirm-mode channel and the messages sent on it that the broker has not confirmed yet, by
 * publish sequence number. Confirms are handled as they come, with the multiple flag, on the
 * client's thread: no thread waits for them. A message returned as unroutable (which the broker
 * does before confirming it) fails when its confirm comes. Used by one sender at a time.
 */
final class ConfirmChannel implements ConfirmListener, ReturnListener {

  /** A message waiting for its confirm. */
  private static final class Unconfirmed {
    final Confirmation confirmation;
    final String exchange;
    final String routingKey;
    final byte[] body;
    final long sentNanos;
    final long blockEpisode;
    volatile boolean returned;

    Unconfirmed(
        Confirmation confirmation,
        String exchange,
        String routingKey,
        byte[] body,
        long blockEpisode) {
      this.confirmation = confirmation;
      this.exchange = exchange;
      this.routingKey = routingKey;
      this.body = body;
      this.sentNanos = System.nanoTime();
      this.blockEpisode = blockEpisode;
    }
  }

  private final Channel channel;
  private final boolean mandatory;
  private final PublishGate gate;
  private final ConcurrentSkipListMap<Long, Unconfirmed> unconfirmed =
      new ConcurrentSkipListMap<>();
  private volatile boolean lost;

  ConfirmChannel(Channel channel, boolean mandatory, PublishGate gate) throws IOException {
    this.channel = channel;
    this.mandatory = mandatory;
    this.gate = gate;
    channel.confirmSelect();
    channel.addConfirmListener(this);
    channel.addReturnListener(this);
    channel.addShutdownListener(this::lost);
  }

  /**
   * Whether the channel can take more messages: never again once it was closed, even if the client
   * recovered it, since its sequence numbers then start over.
   */
  boolean isOpen() {
    return !lost && channel.isOpen();
  }

  /** Whether messages sent on this channel wait for their confirm. */
  boolean awaitsConfirms() {
    return !unconfirmed.isEmpty();
  }

  /** Sends every body now; the confirmation is answered once the broker confirmed them all. */
  Confirmation send(
      String exchange, String routingKey, AMQP.BasicProperties properties, List<byte[]> bodies)
      throws IOException {
    Confirmation confirmation = new Confirmation(bodies.size());
    long episode = gate.episodes();
    for (byte[] body : bodies) {
      long sequence = channel.getNextPublishSeqNo();
      unconfirmed.put(sequence, new Unconfirmed(confirmation, exchange, routingKey, body, episode));
      channel.basicPublish(exchange, routingKey, mandatory, properties, body);
    }
    if (lost) {
      failUnconfirmed("the channel closed while it was sent");
    }
    return confirmation;
  }

  @Override
  public void handleAck(long sequence, boolean multiple) {
    answer(sequence, multiple, null);
  }

  @Override
  public void handleNack(long sequence, boolean multiple) {
    answer(sequence, multiple, Reason.REFUSED);
  }

  /** Marks the unconfirmed message the broker returned; its confirm follows. */
  @Override
  public void handleReturn(
      int replyCode,
      String replyText,
      String exchange,
      String routingKey,
      AMQP.BasicProperties properties,
      byte[] body) {
    for (Unconfirmed message : unconfirmed.values()) {
      if (!message.returned
          && message.exchange.equals(exchange)
          && message.routingKey.equals(routingKey)
          && Arrays.equals(message.body, body)) {
        message.returned = true;
        return;
      }
    }
  }

  /**
   * Fails the messages sent longer ago than the timeout. The channel stays open: a confirm that
   * comes later for one of them finds nothing to answer, and the others are not affected.
   */
  void expire(long timeoutMillis) {
    long now = System.nanoTime();
    Iterator<Map.Entry<Long, Unconfirmed>> oldest = unconfirmed.entrySet().iterator();
    while (oldest.hasNext()) {
      Map.Entry<Long, Unconfirmed> entry = oldest.next();
      Unconfirmed message = entry.getValue();
      if (now - message.sentNanos < timeoutMillis * 1_000_000) {
        return;
      }
      if (unconfirmed.remove(entry.getKey()) != null) {
        message.confirmation.failed(notConfirmed(message, timeoutMillis));
      }
    }
  }

  /** Closes the channel; its unconfirmed messages fail. */
  void abort() {
    Channels.abortQuietly(channel);
  }

  private void answer(long sequence, boolean multiple, Reason refusal) {
    if (!multiple) {
      answer(unconfirmed.remove(sequence), refusal);
      return;
    }
    for (Long key : unconfirmed.headMap(sequence, true).keySet()) {
      answer(unconfirmed.remove(key), refusal);
    }
  }

  private void answer(Unconfirmed message, Reason refusal) {
    if (message == null) {
      return;
    }
    if (refusal != null) {
      message.confirmation.failed(failure(message, refusal, "the broker refused it (nack)"));
    } else if (message.returned) {
      message.confirmation.failed(
          failure(message, Reason.UNROUTABLE, "no queue is bound for it (unroutable)"));
    } else {
      message.confirmation.confirmed();
    }
  }

  private void lost(ShutdownSignalException cause) {
    lost = true;
    failUnconfirmed(
        "the channel closed before its confirm: "
            + Objects.requireNonNullElse(cause.getMessage(), "channel closed"));
  }

  private void failUnconfirmed(String why) {
    for (Long key : unconfirmed.keySet()) {
      Unconfirmed message = unconfirmed.remove(key);
      if (message != null) {
        message.confirmation.failed(failure(message, Reason.CONNECTION_LOST, why));
      }
    }
  }

  private PublishException notConfirmed(Unconfirmed message, long timeoutMillis) {
    return failure(message, Reason.NOT_CONFIRMED, "no confirm within " + timeoutMillis + " ms");
  }

  /**
   * The failure of a message; one that was not confirmed or was lost while the broker blocked
   * publishers (now, or at any time since it was sent) is {@link Reason#BLOCKED}.
   */
  private PublishException failure(Unconfirmed message, Reason reason, String why) {
    String blocked = gate.blockedReason();
    boolean unanswered = reason == Reason.NOT_CONFIRMED || reason == Reason.CONNECTION_LOST;
    if (unanswered && (blocked != null || gate.episodes() != message.blockEpisode)) {
      String broker = blocked == null ? "" : " (" + blocked + ")";
      return Publisher.failure(
          message.exchange,
          message.routingKey,
          Reason.BLOCKED,
          why + ", while the broker blocked publishers" + broker,
          null);
    }
    return Publisher.failure(message.exchange, message.routingKey, reason, why, null);
  }
}
