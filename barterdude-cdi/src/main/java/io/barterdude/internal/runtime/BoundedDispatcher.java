package io.barterdude.internal.runtime;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Runs tasks on an executor with at most {@code limit} running at once. Tasks wait in a local queue
 * (bounded in practice by the channel's prefetch); up to {@code limit} workers drain it, so a slow
 * task never holds back the others and a busy consumer reuses running workers instead of waking a
 * thread per message. Never blocks the caller.
 */
final class BoundedDispatcher {

  private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger workers = new AtomicInteger();
  private final int limit;
  private final Executor executor;
  private final Runnable worker;
  private final Consumer<RuntimeException> onRejected;
  private final Supplier<WorkerScope> workerScope;
  private volatile boolean stopped;

  /**
   * Creates a dispatcher.
   *
   * @param limit the most tasks running at once
   * @param executor runs the workers
   * @param contextCapture wraps the worker so it runs with the application's context
   * @param onRejected told when the executor refuses a worker (queued tasks then stay queued)
   * @param workerScope opened by each worker before its first task, closed after its last
   */
  BoundedDispatcher(
      int limit,
      Executor executor,
      UnaryOperator<Runnable> contextCapture,
      Consumer<RuntimeException> onRejected,
      Supplier<WorkerScope> workerScope) {
    this.limit = limit;
    this.workerScope = workerScope;
    this.executor = executor;
    this.worker = contextCapture.apply(this::drain);
    this.onRejected = onRejected;
  }

  /** Queues a task and starts a worker if fewer than {@code limit} run. */
  void submit(Runnable task) {
    pending.add(task);
    startWorkerIfNeeded();
  }

  /** How many workers run now. */
  int activeWorkers() {
    return workers.get();
  }

  /**
   * Stops taking queued tasks and waits for running ones to finish.
   *
   * @param timeoutMillis the longest wait
   * @return true if every running task finished in time
   */
  boolean stopAndAwait(long timeoutMillis) throws InterruptedException {
    stopped = true;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    synchronized (this) {
      while (workers.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
    return true;
  }

  private void startWorkerIfNeeded() {
    while (!stopped && !pending.isEmpty()) {
      int running = workers.get();
      if (running >= limit) {
        return;
      }
      if (workers.compareAndSet(running, running + 1)) {
        launch();
        return;
      }
    }
  }

  private void launch() {
    try {
      executor.execute(worker);
    } catch (RejectedExecutionException e) {
      workerDone();
      onRejected.accept(e);
    }
  }

  private void drain() {
    try (WorkerScope scope = workerScope.get()) {
      Runnable task;
      while (!stopped && (task = pending.poll()) != null) {
        task.run();
      }
    } finally {
      workerDone();
    }
    startWorkerIfNeeded();
  }

  private void workerDone() {
    if (workers.decrementAndGet() == 0 && stopped) {
      synchronized (this) {
        notifyAll();
      }
    }
  }
}
