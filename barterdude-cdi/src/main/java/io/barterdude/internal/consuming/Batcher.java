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
    if (flushMillis == 0 || waiting >= batchSize || windowFull.getAsBoolean()) {
      dispatcher.submit(this::drain);
    } else if (flushScheduled.compareAndSet(false, true)) {
      scheduler.schedule(this::flush, flushMillis, TimeUnit.MILLISECONDS);
    }
  }

  private void flush() {
    flushScheduled.set(false);
    dispatcher.submit(this::drain);
  }

  private void drain() {
    List<AmqpMessage> batch = new ArrayList<>(batchSize);
    AmqpMessage message;
    while (batch.size() < batchSize && (message = buffer.poll()) != null) {
      batch.add(message);
      buffered.decrementAndGet();
    }
    if (!batch.isEmpty()) {
      handler.accept(batch);
    }
  }
}
