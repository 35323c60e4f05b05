package io.barterdude.internal.container;

import io.barterdude.internal.log.BarterDudeLog;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The threads BarterDude runs on: the container's managed executor, scheduler and thread factory
 * when the application runs in a Jakarta EE server, with the application's context captured at
 * startup; otherwise (CDI SE, tests) pools of BarterDude's own, shut down on {@link #close()}. The
 * {@link #timer()} is always BarterDude's own, on a thread from the container's factory when there
 * is one.
 */
public final class ContainerServices implements AutoCloseable {

  private final ExecutorService executor;
  private final ScheduledExecutorService scheduler;
  private final ScheduledExecutorService timer;
  private final ThreadFactory threadFactory;
  private final UnaryOperator<Runnable> contextCapture;

  private ContainerServices(
      ExecutorService executor,
      ScheduledExecutorService scheduler,
      ThreadFactory threadFactory,
      UnaryOperator<Runnable> contextCapture) {
    this.executor = executor;
    this.scheduler = scheduler;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            threadFactory == null ? named("barterdude-timer") : threadFactory);
    this.threadFactory = threadFactory;
    this.contextCapture = contextCapture;
  }

  /** Looks the container's services up; call on an application thread so context is captured. */
  public static ContainerServices lookup() {
    Optional<ManagedExecutorService> executor =
        find("java:comp/DefaultManagedExecutorService", ManagedExecutorService.class);
    if (executor.isEmpty()) {
      BarterDudeLog.usingFallbackExecutor();
      return standalone();
    }
    ContextService context =
        find("java:comp/DefaultContextService", ContextService.class).orElse(null);
    return new ContainerServices(
        executor.get(),
        find(
                "java:comp/DefaultManagedScheduledExecutorService",
                ManagedScheduledExecutorService.class)
            .map(ScheduledExecutorService.class::cast)
            .orElseGet(ContainerServices::ownScheduler),
        find("java:comp/DefaultManagedThreadFactory", ManagedThreadFactory.class).orElse(null),
        context == null ? UnaryOperator.identity() : context::contextualRunnable);
  }

  /** BarterDude's own pools, for CDI SE. */
  static ContainerServices standalone() {
    return new ContainerServices(
        Executors.newCachedThreadPool(named("barterdude-worker")),
        ownScheduler(),
        null,
        UnaryOperator.identity());
  }

  public ExecutorService executor() {
    return executor;
  }

  /**
   * The scheduler of BarterDude's other timed work, which may block or reach application code:
   * connection and subscription retries, the handler and confirm timeout watchers, queue-depth
   * samples. The container's managed one where there is one.
   */
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /**
   * The timer of BarterDude's own short tasks that never block and run no application code (the ack
   * and batch flushes, many a second): one thread, on which a task costs no context capture, unlike
   * on a managed scheduler (on Open Liberty that costs more than the flush itself), and which no
   * slow task (a reconnection) holds up.
   */
  public ScheduledExecutorService timer() {
    return timer;
  }

  /** The container's thread factory for the AMQP client's threads, if any. */
  public Optional<ThreadFactory> threadFactory() {
    return Optional.ofNullable(threadFactory);
  }

  /** Wraps a task so that it runs with the context of the thread calling this method. */
  public Runnable withCurrentContext(Runnable task) {
    return contextCapture.apply(task);
  }

  /** Shuts down the pools BarterDude created; the container's own are left alone. */
  @Override
  public void close() {
    timer.shutdownNow();
    if (!(scheduler instanceof ManagedScheduledExecutorService)) {
      scheduler.shutdownNow();
    }
    if (!(executor instanceof ManagedExecutorService)) {
      executor.shutdown();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static ScheduledExecutorService ownScheduler() {
    return Executors.newSingleThreadScheduledExecutor(named("barterdude-scheduler"));
  }

  private static <T> Optional<T> find(String name, Class<T> type) {
    try {
      return Optional.of(type.cast(InitialContext.doLookup(name)));
    } catch (NamingException | ClassCastException e) {
      return Optional.empty();
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
