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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A confirm-mode channel and the messages sent on it that the broker has not confirmed yet, in
 * publish sequence order. Confirms are handled as they come, with the multiple flag, on the
 * client's thread: no thread waits for them. A message returned as unroutable (which the broker
 * does before confirming it) fails when its confirm comes. Used by one sender at a time; the
 * unconfirmed messages are guarded by their queue's lock, which is never held while writing to the
 * broker or answering a confirmation.
 */
final class ConfirmChannel implements ConfirmListener, ReturnListener {

  /** A message waiting for its confirm. */
  private static final class Unconfirmed {
    final long sequence;
    final Confirmation confirmation;
    final String exchange;
    final String routingKey;
    final byte[] body;
    final long sentNanos;
    final long blockEpisode;
    volatile boolean returned;

    Unconfirmed(
        long sequence,
        Confirmation confirmation,
        String exchange,
        String routingKey,
        byte[] body,
        long blockEpisode) {
      this.sequence = sequence;
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
  private final ArrayDeque<Unconfirmed> unconfirmed = new ArrayDeque<>();
  private int answering;
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

  /**
   * Whether messages sent on this channel wait for their confirm, or confirms are still being
   * answered: until the answers' callbacks ran, the inputs they settle are not yet queued.
   */
  boolean awaitsConfirms() {
    synchronized (unconfirmed) {
      return !unconfirmed.isEmpty() || answering > 0;
    }
  }

  /** Sends every body now; the confirmation is answered once the broker confirmed them all. */
  Confirmation send(
      String exchange, String routingKey, AMQP.BasicProperties properties, List<byte[]> bodies)
      throws IOException {
    Confirmation confirmation = new Confirmation(bodies.size());
    long episode = gate.episodes();
    long sequence = channel.getNextPublishSeqNo();
    synchronized (unconfirmed) {
      for (byte[] body : bodies) {
        unconfirmed.add(
            new Unconfirmed(sequence++, confirmation, exchange, routingKey, body, episode));
      }
    }
    for (byte[] body : bodies) {
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
    synchronized (unconfirmed) {
      for (Unconfirmed message : unconfirmed) {
        if (!message.returned
            && message.exchange.equals(exchange)
            && message.routingKey.equals(routingKey)
            && Arrays.equals(message.body, body)) {
          message.returned = true;
          return;
        }
      }
    }
  }

  /**
   * Fails the messages sent longer ago than the timeout. The channel stays open: a confirm that
   * comes later for one of them finds nothing to answer, and the others are not affected.
   */
  void expire(long timeoutMillis) {
    long sentBefore = System.nanoTime() - timeoutMillis * 1_000_000;
    List<Unconfirmed> expired = new ArrayList<>();
    synchronized (unconfirmed) {
      while (!unconfirmed.isEmpty() && unconfirmed.peek().sentNanos - sentBefore <= 0) {
        expired.add(unconfirmed.poll());
      }
    }
    for (Unconfirmed message : expired) {
      message.confirmation.failed(notConfirmed(message, timeoutMillis));
    }
  }

  /** Closes the channel; its unconfirmed messages fail. */
  void abort() {
    Channels.abortQuietly(channel);
  }

  private void answer(long sequence, boolean multiple, Reason refusal) {
    List<Unconfirmed> answered = new ArrayList<>();
    synchronized (unconfirmed) {
      if (multiple) {
        while (!unconfirmed.isEmpty() && unconfirmed.peek().sequence <= sequence) {
          answered.add(unconfirmed.poll());
        }
      } else {
        unconfirmed.removeIf(message -> message.sequence == sequence && answered.add(message));
      }
      answering++;
    }
    try {
      for (Unconfirmed message : answered) {
        answer(message, refusal);
      }
    } finally {
      synchronized (unconfirmed) {
        answering--;
      }
    }
  }

  private void answer(Unconfirmed message, Reason refusal) {
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
    List<Unconfirmed> failed;
    synchronized (unconfirmed) {
      failed = new ArrayList<>(unconfirmed);
      unconfirmed.clear();
    }
    for (Unconfirmed message : failed) {
      message.confirmation.failed(failure(message, Reason.CONNECTION_LOST, why));
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
