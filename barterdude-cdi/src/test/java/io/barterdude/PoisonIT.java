package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.hooks.ConsumeFailed;
import io.barterdude.it.TestApp;
import io.barterdude.it.TestBroker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Poison messages are retried a bounded number of times, then dead-lettered; stuck handlers time
 * out.
 */
class PoisonIT {

  static final String CLASSIC = "bd-it-poison-classic";
  static final String QUORUM = "bd-it-poison-quorum";
  static final String DEAD_LETTERS = "bd-it-poison-dlq";
  static final String DLX = "bd-it-poison-dlx";
  static final String STUCK = "bd-it-poison-stuck";
  static final List<String> ATTEMPTS = new CopyOnWriteArrayList<>();
  static final List<Long> TIMES = new CopyOnWriteArrayList<>();
  static final List<String> COPIES = new CopyOnWriteArrayList<>();
  static final List<ConsumeFailed> FAILURES = new CopyOnWriteArrayList<>();

  TestBroker broker;

  @BeforeEach
  void cleanBroker() throws Exception {
    ATTEMPTS.clear();
    TIMES.clear();
    COPIES.clear();
    FAILURES.clear();
    broker =
        new TestBroker()
            .cleanQueue(CLASSIC)
            .cleanQueue(QUORUM)
            .cleanQueue(DEAD_LETTERS)
            .cleanQueue(STUCK)
            .cleanExchange(DLX);
    for (String queue : List.of(CLASSIC, QUORUM, STUCK)) {
      broker.cleanQueue(queue + ".retry.300").cleanQueue(queue + ".retry.600");
    }
    broker.channel().exchangeDeclare(DLX, "fanout", true);
    broker.channel().queueDeclare(DEAD_LETTERS, true, false, false, null);
    broker.channel().queueBind(DEAD_LETTERS, DLX, "");
    broker
        .channel()
        .queueDeclare(CLASSIC, true, false, false, Map.of("x-dead-letter-exchange", DLX));
    broker
        .channel()
        .queueDeclare(
            QUORUM,
            true,
            false,
            false,
            Map.of("x-queue-type", "quorum", "x-dead-letter-exchange", DLX));
  }

  @AfterEach
  void closeBroker() throws Exception {
    broker.close();
  }

  /** Fails every "poison"; "stuck" blocks on its first attempt until interrupted. */
  @ApplicationScoped
  static class Consumers {
    void classic(@Observes @Consume(queues = {CLASSIC, QUORUM}) Message message) {
      TIMES.add(System.nanoTime());
      ATTEMPTS.add(message.queue() + ":" + message.text() + ":" + message.deliveryAttempt());
      if (message.headers().containsKey("x-fail-tries")) {
        COPIES.add(message.queue() + ":" + message.deliveryAttempt());
      }
      if (message.text().equals("poison")) {
        throw new IllegalStateException("poison");
      }
    }

    void stuck(@Observes @Consume(queues = STUCK) Message message) throws InterruptedException {
      ATTEMPTS.add(message.text() + ":" + message.deliveryAttempt());
      if (message.deliveryAttempt() == 1) {
        Thread.sleep(60_000);
      }
    }

    void failed(@Observes ConsumeFailed event) {
      FAILURES.add(event);
    }
  }

  @Test
  void aPoisonMessageOnAClassicQueueIsTriedMaxAttemptsTimesThenDeadLettered() {
    try (TestApp app = TestApp.start(Map.of("barterdude.max-attempts", "3"), Consumers.class)) {
      broker.publish(CLASSIC, "poison");
      broker.publish(CLASSIC, "fine");
      await().atMost(20, SECONDS).until(() -> broker.messageCount(DEAD_LETTERS) == 1);
      assertEquals("poison", broker.get(DEAD_LETTERS));
      assertEquals(
          List.of(
              CLASSIC + ":fine:1",
              CLASSIC + ":poison:1",
              CLASSIC + ":poison:2",
              CLASSIC + ":poison:3"),
          ATTEMPTS.stream().sorted().toList());
      assertEquals(
          List.of(CLASSIC + ":3"), COPIES, "requeued once, then retried as a copy at the back");
    }
    assertEquals(0, broker.messageCount(CLASSIC));
  }

  @Test
  void aQuorumQueueCountsAttemptsItself() {
    try (TestApp app = TestApp.start(Map.of("barterdude.max-attempts", "3"), Consumers.class)) {
      broker.publish(QUORUM, "poison");
      await().atMost(20, SECONDS).until(() -> broker.messageCount(DEAD_LETTERS) == 1);
      assertEquals(
          List.of(QUORUM + ":poison:1", QUORUM + ":poison:2", QUORUM + ":poison:3"), ATTEMPTS);
      assertEquals(List.of(), COPIES, "the quorum queue counted every retry itself: no copies");
    }
  }

  @Test
  void theRetryDelaySpacesAttempts() {
    Map<String, String> settings =
        Map.of("barterdude.max-attempts", "3", "barterdude.retry-delay-ms", "300");
    try (TestApp app = TestApp.start(settings, Consumers.class)) {
      broker.publish(CLASSIC, "poison");
      await().atMost(20, SECONDS).until(() -> broker.messageCount(DEAD_LETTERS) == 1);
      assertEquals(3, TIMES.size());
      for (int i = 1; i < TIMES.size(); i++) {
        long gap = TimeUnit.NANOSECONDS.toMillis(TIMES.get(i) - TIMES.get(i - 1));
        assertTrue(gap >= 290, "attempts " + gap + " ms apart");
      }
    }
  }

  @Test
  void unlimitedAttemptsKeepTheSeedsRequeueForever() {
    try (TestApp app = TestApp.start(Map.of("barterdude.max-attempts", "0"), Consumers.class)) {
      broker.publish(CLASSIC, "poison");
      await().atMost(20, SECONDS).until(() -> ATTEMPTS.size() >= 8);
      assertEquals(0, broker.messageCount(DEAD_LETTERS));
    }
  }

  @Test
  void aStuckHandlerTimesOutAndItsMessageIsRetried() {
    Map<String, String> settings = Map.of("barterdude.handler-timeout-ms", "300");
    try (TestApp app = TestApp.start(settings, Consumers.class)) {
      long started = System.nanoTime();
      broker.publish(STUCK, "slow");
      await().atMost(20, SECONDS).until(() -> ATTEMPTS.contains("slow:2"));
      assertTrue(System.nanoTime() - started < SECONDS.toNanos(5), "did not wait for the handler");
      assertEquals(1, FAILURES.size(), "the fail observers ran before the retry");
      assertEquals(HandlerTimeoutException.class, FAILURES.get(0).error().getClass());
      await().atMost(10, SECONDS).until(() -> broker.messageCount(STUCK) == 0);
    }
  }
}
