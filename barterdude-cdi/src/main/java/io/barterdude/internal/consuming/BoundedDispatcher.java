package io.barterdude.internal.consuming;

import io.barterdude.internal.container.WorkerScope;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Runs tasks on an executor with at most {@code limit} running at once. Tasks wait in a local queue
 * (bounded in practice by the channel's prefetch); up to {@code limit} workers drain it, so a slow
 * task never holds back the others and a busy consumer reuses running workers instead of waking a
 * thread per message. Workers start one at a time: a burst of tasks wakes one thread, which wakes
 * the next only if tasks are still waiting once it has taken its first. Never blocks the caller.
 *
 * <p>Urgent tasks (finishing messages whose handlers already ran) go before the others, still run
 * while the dispatcher is paused, are drained when it stops, and run on the caller's thread once
 * the executor refuses workers.
 */
final class BoundedDispatcher {

  private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
  private final Queue<Runnable> urgent = new ConcurrentLinkedQueue<>();
  private final AtomicInteger workers = new AtomicInteger();
  private final AtomicBoolean starting = new AtomicBoolean();
  private final int limit;
  private final Executor executor;
  private final Runnable worker;
  private final Consumer<RuntimeException> onRejected;
  private final Supplier<WorkerScope> workerScope;
  private volatile boolean stopped;
  private volatile boolean paused;

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

  /** Queues a task and starts a worker if fewer than {@code limit} run and none is starting. */
  void submit(Runnable task) {
    pending.add(task);
    startWorkerIfNeeded();
  }

  /** Queues a task before every other one; it runs even while paused or stopping. */
  void submitUrgent(Runnable task) {
    urgent.add(task);
    startWorkerIfNeeded();
  }

  /** Stops starting queued tasks (urgent ones still run) until {@link #resume()}. */
  void pause() {
    paused = true;
  }

  /** Starts queued tasks again. */
  void resume() {
    paused = false;
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

  /**
   * Launches a worker if tasks wait, fewer than {@code limit} workers run and no launched worker
   * has yet to take its first task. A worker that finishes, or takes its first task, calls this
   * again, so a waiting task is never left without a worker.
   */
  private void startWorkerIfNeeded() {
    while (hasWork() && starting.compareAndSet(false, true)) {
      int running = workers.get();
      if (running < limit && workers.compareAndSet(running, running + 1)) {
        launch();
        return;
      }
      starting.set(false);
      if (workers.get() >= limit) {
        return;
      }
    }
  }

  private void launch() {
    try {
      executor.execute(worker);
    } catch (RejectedExecutionException e) {
      starting.set(false);
      workerDone();
      onRejected.accept(e);
      runUrgentHere();
    }
  }

  /**
   * The executor refuses workers (the container is stopping): urgent tasks finish messages whose
   * handlers already ran, so they run on the caller's thread rather than wait for a worker that
   * never comes.
   */
  private void runUrgentHere() {
    for (Runnable task = urgent.poll(); task != null; task = urgent.poll()) {
      task.run();
    }
  }

  private void drain() {
    boolean firstTaskTaken = false;
    try (WorkerScope scope = workerScope.get()) {
      Runnable task = next();
      firstTaskTaken = true;
      started();
      while (task != null) {
        task.run();
        task = next();
      }
    } finally {
      if (!firstTaskTaken) {
        starting.set(false);
      }
      workerDone();
      startWorkerIfNeeded();
    }
  }

  private boolean hasWork() {
    return !urgent.isEmpty() || (!stopped && !paused && !pending.isEmpty());
  }

  private Runnable next() {
    Runnable task = urgent.poll();
    return task != null || stopped || paused ? task : pending.poll();
  }

  /** The starting worker has its first task: let the next one start if tasks still wait. */
  private void started() {
    starting.set(false);
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
