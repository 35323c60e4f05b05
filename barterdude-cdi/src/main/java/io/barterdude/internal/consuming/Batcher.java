package io.barterdude.internal.consuming;

import io.barterdude.internal.message.AmqpMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Gathers a batch consumer's deliveries into batches of at most {@code batchSize}. With no flush
 * interval, every delivery asks a worker for a batch and the worker takes what has arrived, so
 * nothing waits at low traffic and batches grow under load. With an interval, a batch is handed
 * over when it is full, when the interval has passed since the first message waiting, or at once
 * when no more messages can arrive before some are settled (the prefetch window is full).
 */
final class Batcher {

  private final Queue<AmqpMessage> buffer = new ConcurrentLinkedQueue<>();
  private final AtomicInteger buffered = new AtomicInteger();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private final int batchSize;
  private final long flushMillis;
  private final BoundedDispatcher dispatcher;
  private final ScheduledExecutorService scheduler;
  private final Consumer<List<AmqpMessage>> handler;
  private final BooleanSupplier windowFull;

  Batcher(
      int batchSize,
      long flushMillis,
      BoundedDispatcher dispatcher,
      ScheduledExecutorService scheduler,
      Consumer<List<AmqpMessage>> handler,
      BooleanSupplier windowFull) {
    this.windowFull = windowFull;
    this.batchSize = batchSize;
    this.flushMillis = flushMillis;
    this.dispatcher = dispatcher;
    this.scheduler = scheduler;
    this.handler = handler;
  }

  void add(AmqpMessage message) {
    buffer.add(message);
    int waiting = buffered.incrementAndGet();
    if (flushMillis == 0 || windowFull.getAsBoolean()) {
      dispatcher.submit(() -> drain(1));
    } else if (waiting >= batchSize) {
      dispatcher.submit(() -> drain(batchSize));
    } else {
      scheduleFlush();
    }
  }

  private void scheduleFlush() {
    if (flushScheduled.compareAndSet(false, true)) {
      scheduler.schedule(this::flush, flushMillis, TimeUnit.MILLISECONDS);
    }
  }

  private void flush() {
    flushScheduled.set(false);
    dispatcher.submit(() -> drain(1));
  }

  /**
   * Hands over a batch if at least {@code least} messages wait; what is left waits for the timer.
   * The messages are counted out before they are taken, so that two workers never split a full
   * batch between them.
   */
  private void drain(int least) {
    int taken = takeCount(least);
    if (taken > 0) {
      List<AmqpMessage> batch = new ArrayList<>(taken);
      for (int i = 0; i < taken; i++) {
        batch.add(buffer.poll());
      }
      handler.accept(batch);
    }
    if (flushMillis > 0 && buffered.get() > 0) {
      scheduleFlush();
    }
  }

  /**
   * Counts out a batch: at most {@code batchSize}, none if fewer than {@code least} (at least 1)
   * wait.
   */
  private int takeCount(int least) {
    while (true) {
      int waiting = buffered.get();
      if (waiting < least) {
        return 0;
      }
      int taken = Math.min(waiting, batchSize);
      if (buffered.compareAndSet(waiting, waiting - taken)) {
        return taken;
      }
    }
  }
}
