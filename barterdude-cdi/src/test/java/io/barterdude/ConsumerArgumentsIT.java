package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.it.RabbitCtl;
import io.barterdude.it.TestApp;
import io.barterdude.it.TestBroker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-consumer subscription settings against the broker, with two application instances (two CDI
 * containers) where they matter: the prefetch, consumer priority ({@code x-priority}) and single
 * active consumer (a queue argument declared through the configured topology).
 */
class ConsumerArgumentsIT {

  static final String SAC = "bd-it-args-sac";
  static final String PRIORITY = "bd-it-args-priority";
  static final String PREFETCH = "bd-it-args-prefetch";
  static final String PREFETCH_DEFAULT = "bd-it-args-prefetch-default";
  static final AtomicInteger BY_FIRST = new AtomicInteger();
  static final AtomicInteger BY_SECOND = new AtomicInteger();

  @BeforeEach
  void reset() {
    BY_FIRST.set(0);
    BY_SECOND.set(0);
  }

  @AfterEach
  void cleanUp() throws Exception {
    try (TestBroker broker = new TestBroker()) {
      List.of(SAC, PRIORITY, PREFETCH, PREFETCH_DEFAULT).forEach(broker::cleanQueue);
    }
  }

  @ApplicationScoped
  static class SacFirst {
    void on(@Observes @Consume(queues = SAC) Message message) {
      BY_FIRST.incrementAndGet();
    }
  }

  @ApplicationScoped
  static class SacSecond {
    void on(@Observes @Consume(queues = SAC) Message message) {
      BY_SECOND.incrementAndGet();
    }
  }

  @ApplicationScoped
  static class HighPriority {
    void on(@Observes @Consume(queues = PRIORITY, priority = 10, prefetch = 100) Message message)
        throws InterruptedException {
      Thread.sleep(5);
      BY_FIRST.incrementAndGet();
    }
  }

  @ApplicationScoped
  static class DefaultPriority {
    void on(@Observes @Consume(queues = PRIORITY) Message message) {
      BY_SECOND.incrementAndGet();
    }
  }

  @ApplicationScoped
  static class Prefetches {
    void own(@Observes @Consume(queues = PREFETCH, concurrency = 2) Message message) {}

    void global(@Observes @Consume(queues = PREFETCH_DEFAULT, concurrency = 2) Message message) {}
  }

  /**
   * The queue is declared with {@code x-single-active-consumer=true} from configuration: of two
   * instances only the first subscribed receives; when it stops, the other takes over.
   */
  @Test
  void aSingleActiveConsumerFailsOverToTheOtherInstance() throws Exception {
    Map<String, String> settings =
        Map.of("barterdude.topology.queue." + SAC + ".arguments", "x-single-active-consumer=true");
    TestApp first = TestApp.start(settings, SacFirst.class);
    boolean firstRunning = true;
    try (TestBroker broker = new TestBroker();
        TestApp second = TestApp.start(settings, SacSecond.class)) {
      assertEquals(
          List.of("20 false []", "20 true []"),
          RabbitCtl.consumersOf(SAC).stream().sorted().toList());
      publish(broker, SAC, 50);
      await().atMost(20, SECONDS).until(() -> BY_FIRST.get() == 50);
      long stopped = System.nanoTime();
      first.close();
      firstRunning = false;
      publish(broker, SAC, 50);
      await().atMost(20, SECONDS).until(() -> BY_SECOND.get() == 50);
      long takeover = (System.nanoTime() - stopped) / 1_000_000;
      System.out.printf(
          "ConsumerArgumentsIT: single active consumer: the other instance took over %d ms after"
              + " the first began to stop%n",
          takeover);
      assertEquals(50, BY_FIRST.get(), "the first instance got none of the later messages");
      assertEquals(List.of("20 true []"), RabbitCtl.consumersOf(SAC));
      assertTrue(takeover < 10_000, "took over within seconds: " + takeover + " ms");
    } finally {
      if (firstRunning) {
        first.close();
      }
    }
  }

  /**
   * Two instances read one queue, one with {@code priority = 10}: while it has room in its
   * prefetch, the broker gives it every message (without priorities it would share them about
   * evenly).
   */
  @Test
  void theHigherPriorityConsumerGetsEveryMessageWhileItHasRoom() throws Exception {
    try (TestBroker broker = new TestBroker();
        TestApp low = TestApp.start(DefaultPriority.class);
        TestApp high = TestApp.start(HighPriority.class)) {
      assertTrue(
          RabbitCtl.consumersOf(PRIORITY)
              .containsAll(List.of("100 true [{\"x-priority\",10}]", "20 true []")),
          () -> "consumers: " + RabbitCtl.consumersOf(PRIORITY));
      publish(broker, PRIORITY, 60);
      await().atMost(20, SECONDS).until(() -> BY_FIRST.get() + BY_SECOND.get() == 60);
      assertEquals(60, BY_FIRST.get(), "the low-priority instance got " + BY_SECOND.get());
    }
  }

  /**
   * {@code barterdude.consumer.<name>.prefetch} sets one consumer's prefetch; the other keeps
   * {@code barterdude.prefetch}.
   */
  @Test
  void aConsumersOwnPrefetchReachesTheBroker() {
    try (TestApp app =
        TestApp.start(
            Map.of("barterdude.consumer.Prefetches.own.prefetch", "7"), Prefetches.class)) {
      assertEquals(List.of("7 true []"), RabbitCtl.consumersOf(PREFETCH));
      assertEquals(List.of("20 true []"), RabbitCtl.consumersOf(PREFETCH_DEFAULT));
    }
  }

  private static void publish(TestBroker broker, String queue, int count) {
    broker.publishAll(queue, IntStream.range(0, count).mapToObj(String::valueOf).toList());
  }
}
