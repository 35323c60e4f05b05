package io.barterdude.internal.settlement;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import io.barterdude.internal.log.BarterDudeLog;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Settles one channel's deliveries, coalescing acknowledgements: a message is acknowledged only
 * after its handler succeeded, but one {@code basic.ack multiple=true} covers the longest run of
 * finished deliveries from the oldest one outstanding. The run is flushed as soon as {@code
 * batchSize} acks wait or nothing else is in flight (so a quiet consumer acks at once), and by a
 * timer {@code flushMillis} after an ack started waiting. Acks waiting behind a message still in
 * flight wait for it, since it usually finishes within milliseconds (its handler returns, its
 * outputs are confirmed): one ack each would cost the broker and the client more than the wait. A
 * slow message does not hold the others back for long: once it is still in flight at two timer
 * flushes in a row (so an ack waits at most about twice {@code flushMillis}), the acks behind it
 * are sent one by one, at once, until it finishes. Rejections are sent at once, one message at a
 * time. A crash loses at most the acks not yet flushed: those messages are delivered again.
 *
 * <p>The deliveries outstanding are kept in a ring indexed by delivery tag, which a channel numbers
 * consecutively: a tag it did not record (none, in practice) is settled at once, alone.
 */
public final class AckCoalescer {

  /** The state of a tag in the ring: not recorded (a gap), or recorded and then... */
  private static final byte UNKNOWN = 0;

  /** ...with its handler, or waiting for its outputs' confirms, */
  private static final byte IN_FLIGHT = 1;

  /** ...finished, its ack waiting to be sent, */
  private static final byte ACK_PENDING = 2;

  /** ...or settled on its own. */
  private static final byte SETTLED = 3;

  private static final int INITIAL_CAPACITY = 64;

  private final Channel channel;
  private final String consumer;
  private final int batchSize;
  private final long flushMillis;
  private final ScheduledExecutorService scheduler;
  private byte[] ring = new byte[INITIAL_CAPACITY];
  private int head;
  private int outstanding;
  private long firstTag;
  private int inFlight;
  private int pendingAcks;
  private boolean flushScheduled;
  private long unfinishedAtLastFlush = -1;
  private long slow = -1;

  /**
   * Creates the coalescer of a channel.
   *
   * @param batchSize acks that make a multiple ack worth sending at once
   * @param flushMillis the timer's period
   */
  public AckCoalescer(
      Channel channel,
      String consumer,
      int batchSize,
      long flushMillis,
      ScheduledExecutorService scheduler) {
    this.channel = channel;
    this.consumer = consumer;
    this.batchSize = batchSize;
    this.flushMillis = flushMillis;
    this.scheduler = scheduler;
  }

  /** Records a delivery; call in delivery order. */
  public synchronized void delivered(long tag) {
    if (outstanding == 0) {
      firstTag = tag;
    }
    long end = firstTag + outstanding;
    if (tag < firstTag || tag < end && state(tag) != UNKNOWN) {
      return;
    }
    if (tag - firstTag >= ring.length) {
      grow(tag - firstTag + 1);
    }
    for (; end < tag; end++) {
      set(end, UNKNOWN);
    }
    set(tag, IN_FLIGHT);
    outstanding = (int) Math.max(outstanding, tag - firstTag + 1);
    inFlight++;
  }

  /** Acknowledges a delivery, now or with the next flush. */
  synchronized void ack(long tag) {
    if (state(tag) != IN_FLIGHT) {
      send(tag, true, false);
      return;
    }
    inFlight--;
    if (tag != slow && state(slow) == IN_FLIGHT) {
      set(tag, SETTLED);
      send(tag, true, false);
      return;
    }
    set(tag, ACK_PENDING);
    pendingAcks++;
    if (pendingAcks >= batchSize || inFlight == 0) {
      advance();
    }
    if (pendingAcks > 0 && !flushScheduled) {
      scheduleFlush();
    }
  }

  /** Rejects a delivery now. */
  synchronized void reject(long tag, boolean requeue) {
    if (state(tag) == IN_FLIGHT) {
      set(tag, SETTLED);
      inFlight--;
    }
    send(tag, false, requeue);
    advance();
    if (inFlight == 0 && pendingAcks > 0) {
      flush();
    }
  }

  /** Sends every waiting ack. */
  public synchronized void flush() {
    advance();
    if (pendingAcks > 0) {
      ackOneByOne();
    }
  }

  /**
   * The timer: sends the finished run at the head; acks waiting behind an unfinished message go one
   * by one if the same message was already unfinished at the previous flush (and so will every ack
   * behind it until it finishes), else wait once more.
   */
  private synchronized void flushByTimer() {
    flushScheduled = false;
    advance();
    if (pendingAcks == 0) {
      return;
    }
    long unfinished = firstTag;
    if (unfinished == unfinishedAtLastFlush) {
      slow = unfinished;
      ackOneByOne();
    } else {
      unfinishedAtLastFlush = unfinished;
      scheduleFlush();
    }
  }

  /** Forgets the deliveries of a channel that was recovered: the broker redelivers them. */
  public synchronized void reset() {
    outstanding = 0;
    inFlight = 0;
    pendingAcks = 0;
    unfinishedAtLastFlush = -1;
    slow = -1;
  }

  /** How many deliveries the broker still counts as unacknowledged against the prefetch. */
  public synchronized int unsettled() {
    return inFlight + pendingAcks;
  }

  /** How many acks wait to be sent. */
  synchronized int pendingAcks() {
    return pendingAcks;
  }

  private void scheduleFlush() {
    try {
      scheduler.schedule(this::flushByTimer, flushMillis, TimeUnit.MILLISECONDS);
      flushScheduled = true;
    } catch (RejectedExecutionException stopping) {
      advance();
      ackOneByOne();
    }
  }

  /** A settlement of one delivery through this coalescer. */
  public Settlement settlement(long tag) {
    return new Settlement() {
      @Override
      public void ack() {
        AckCoalescer.this.ack(tag);
      }

      @Override
      public void reject(boolean requeue) {
        AckCoalescer.this.reject(tag, requeue);
      }
    };
  }

  /**
   * Acks the finished run at the head with one multiple ack, and forgets it. The ack names the
   * highest waiting tag of the run: the broker refuses a tag it already settled, even with {@code
   * multiple}, and the settled ones below it are simply skipped.
   */
  private void advance() {
    long highestAck = -1;
    while (outstanding > 0 && ring[head] != IN_FLIGHT) {
      if (ring[head] == ACK_PENDING) {
        highestAck = firstTag;
        pendingAcks--;
      }
      head = (head + 1) % ring.length;
      firstTag++;
      outstanding--;
    }
    if (highestAck >= 0) {
      send(highestAck, true, true);
    }
  }

  /** Acks the waiting deliveries behind an unfinished one individually. */
  private void ackOneByOne() {
    for (long tag = firstTag; tag < firstTag + outstanding; tag++) {
      if (state(tag) == ACK_PENDING) {
        send(tag, true, false);
        set(tag, SETTLED);
      }
    }
    pendingAcks = 0;
  }

  /** The state of a tag: {@link #UNKNOWN} if it is not outstanding. */
  private byte state(long tag) {
    return tag >= firstTag && tag - firstTag < outstanding ? ring[index(tag)] : UNKNOWN;
  }

  private void set(long tag, byte state) {
    ring[index(tag)] = state;
  }

  private int index(long tag) {
    return (int) ((head + tag - firstTag) % ring.length);
  }

  /** Makes room for at least {@code capacity} tags, the outstanding ones first. */
  private void grow(long capacity) {
    int size = ring.length;
    while (size < capacity) {
      size *= 2;
    }
    byte[] grown = new byte[size];
    for (int i = 0; i < outstanding; i++) {
      grown[i] = ring[(head + i) % ring.length];
    }
    ring = grown;
    head = 0;
  }

  private void send(long tag, boolean ack, boolean flag) {
    try {
      if (ack) {
        channel.basicAck(tag, flag);
      } else {
        channel.basicReject(tag, flag);
      }
    } catch (IOException | ShutdownSignalException e) {
      BarterDudeLog.settleFailed(consumer, tag, e);
    }
  }
}
