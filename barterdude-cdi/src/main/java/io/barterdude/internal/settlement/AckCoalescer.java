package io.barterdude.internal.settlement;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import io.barterdude.internal.log.BarterDudeLog;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
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
 */
public final class AckCoalescer {

  private enum State {
    IN_FLIGHT,
    ACK_PENDING,
    SETTLED
  }

  private final Channel channel;
  private final String consumer;
  private final int batchSize;
  private final long flushMillis;
  private final ScheduledExecutorService scheduler;
  private final TreeMap<Long, State> outstanding = new TreeMap<>();
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
    outstanding.put(tag, State.IN_FLIGHT);
    inFlight++;
  }

  /** Acknowledges a delivery, now or with the next flush. */
  synchronized void ack(long tag) {
    if (!outstanding.containsKey(tag)) {
      send(tag, true, false);
      return;
    }
    inFlight--;
    if (tag != slow && outstanding.get(slow) == State.IN_FLIGHT) {
      outstanding.put(tag, State.SETTLED);
      send(tag, true, false);
      return;
    }
    outstanding.put(tag, State.ACK_PENDING);
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
    if (outstanding.replace(tag, State.SETTLED) != null) {
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
    long unfinished = outstanding.firstKey();
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
    outstanding.clear();
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
    Iterator<Map.Entry<Long, State>> head = outstanding.entrySet().iterator();
    while (head.hasNext()) {
      Map.Entry<Long, State> entry = head.next();
      if (entry.getValue() == State.IN_FLIGHT) {
        break;
      }
      if (entry.getValue() == State.ACK_PENDING) {
        highestAck = entry.getKey();
        pendingAcks--;
      }
      head.remove();
    }
    if (highestAck >= 0) {
      send(highestAck, true, true);
    }
  }

  /** Acks the waiting deliveries behind an unfinished one individually. */
  private void ackOneByOne() {
    for (Map.Entry<Long, State> entry : outstanding.entrySet()) {
      if (entry.getValue() == State.ACK_PENDING) {
        send(entry.getKey(), true, false);
        entry.setValue(State.SETTLED);
      }
    }
    pendingAcks = 0;
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
