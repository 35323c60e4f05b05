package io.barterdude.internal.consuming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.internal.container.WorkerScope;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BoundedDispatcherTest {

  final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void shutdown() {
    executor.shutdownNow();
  }

  @Test
  void runsEveryTaskWithAtMostLimitAtOnce() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(10_000);
    BoundedDispatcher dispatcher = dispatcher(3);
    for (int i = 0; i < 10_000; i++) {
      dispatcher.submit(
          () -> {
            max.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.onSpinWait();
            running.decrementAndGet();
            done.countDown();
          });
    }
    assertTrue(done.await(20, TimeUnit.SECONDS));
    assertTrue(max.get() <= 3, "max " + max.get());
    assertTrue(dispatcher.stopAndAwait(1000));
  }

  @Test
  void stopWaitsForRunningTasksAndSkipsQueuedOnes() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> ran = new CopyOnWriteArrayList<>();
    BoundedDispatcher dispatcher = dispatcher(1);
    dispatcher.submit(
        () -> {
          started.countDown();
          await(release);
          ran.add("first");
        });
    dispatcher.submit(() -> ran.add("second"));
    assertTrue(started.await(5, TimeUnit.SECONDS));
    assertFalse(dispatcher.stopAndAwait(50), "times out while the first task runs");
    release.countDown();
    assertTrue(dispatcher.stopAndAwait(5000));
    assertEquals(List.of("first"), ran);
  }

  @Test
  void aBurstWakesOneWorkerWhichWakesTheNextOnlyWhileTasksWait() {
    List<Runnable> launched = new CopyOnWriteArrayList<>();
    List<Integer> ran = new CopyOnWriteArrayList<>();
    BoundedDispatcher dispatcher =
        new BoundedDispatcher(
            3, launched::add, UnaryOperator.identity(), error -> {}, () -> WorkerScope.NONE);
    for (int i = 0; i < 5; i++) {
      int task = i;
      dispatcher.submit(() -> ran.add(task));
    }
    assertEquals(1, launched.size(), "one thread woken for the burst");
    launched.get(0).run();
    assertEquals(List.of(0, 1, 2, 3, 4), ran);
    assertEquals(2, launched.size(), "the first worker woke a second while tasks waited");
    launched.get(1).run();
    assertEquals(2, launched.size(), "the second found nothing and woke nobody");
    assertEquals(0, dispatcher.activeWorkers());
    dispatcher.submit(() -> ran.add(5));
    assertEquals(3, launched.size());
  }

  @Test
  void aSlowTaskDoesNotHoldBackTheNextOne() throws Exception {
    CountDownLatch slowStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch fastRan = new CountDownLatch(1);
    BoundedDispatcher dispatcher = dispatcher(2);
    dispatcher.submit(
        () -> {
          slowStarted.countDown();
          await(release);
        });
    assertTrue(slowStarted.await(5, TimeUnit.SECONDS));
    dispatcher.submit(fastRan::countDown);
    assertTrue(fastRan.await(5, TimeUnit.SECONDS), "ran while the slow task was running");
    release.countDown();
    assertTrue(dispatcher.stopAndAwait(5000));
  }

  @Test
  void aRejectingExecutorIsReportedAndDoesNotLeakWorkers() {
    List<RuntimeException> rejections = new CopyOnWriteArrayList<>();
    BoundedDispatcher dispatcher =
        new BoundedDispatcher(
            2,
            task -> {
              throw new RejectedExecutionException("shut down");
            },
            UnaryOperator.identity(),
            rejections::add,
            () -> WorkerScope.NONE);
    dispatcher.submit(() -> {});
    assertEquals(1, rejections.size());
    assertEquals(0, dispatcher.activeWorkers());
    dispatcher.submit(() -> {});
    assertEquals(2, rejections.size(), "the refused start did not leave a worker starting");
  }

  private BoundedDispatcher dispatcher(int limit) {
    return new BoundedDispatcher(
        limit, executor, UnaryOperator.identity(), error -> {}, () -> WorkerScope.NONE);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
