package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.it.LogCapture;
import io.barterdude.it.TestApp;
import io.barterdude.it.TestBroker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Batch consumers: batch sizes, flush interval, and one outcome per message. */
class BatchIT {

  static final String IMMEDIATE = "bd-it-batch-immediate";
  static final String INTERVAL = "bd-it-batch-interval";
  static final String OUTCOMES = "bd-it-batch-outcomes";
  static final List<List<String>> BATCHES = new CopyOnWriteArrayList<>();
  static final List<Long> RECEIVED_AT = new CopyOnWriteArrayList<>();

  TestBroker broker;

  @BeforeEach
  void cleanBroker() {
    BATCHES.clear();
    RECEIVED_AT.clear();
    broker = new TestBroker();
    List.of(IMMEDIATE, INTERVAL, OUTCOMES).forEach(broker::declareQueue);
  }

  @AfterEach
  void closeBroker() throws Exception {
    broker.close();
  }

  @ApplicationScoped
  static class Consumers {
    void immediate(
        @Observes @Consume(queues = IMMEDIATE, batchSize = 5, concurrency = 1)
            List<Message> batch) {
      BATCHES.add(batch.stream().map(Message::text).toList());
    }

    void interval(
        @Observes @Consume(queues = INTERVAL, batchSize = 100, batchFlushMillis = 400)
            List<Message> batch) {
      RECEIVED_AT.add(System.nanoTime());
      BATCHES.add(batch.stream().map(Message::text).toList());
    }

    /** Rejects "drop", throws when the batch holds "boom" on a first attempt. */
    void outcomes(
        @Observes @Consume(queues = OUTCOMES, batchSize = 10, batchFlushMillis = 300)
            List<Message> batch) {
      BATCHES.add(batch.stream().map(m -> m.text() + "#" + m.deliveryAttempt()).toList());
      batch.stream().filter(m -> m.text().equals("drop")).forEach(m -> m.reject(false));
      if (batch.stream().anyMatch(m -> m.text().equals("boom") && m.deliveryAttempt() == 1)) {
        throw new IllegalStateException("boom");
      }
    }
  }

  @Test
  void waitingMessagesAreHandedOverInBatchesOfAtMostTheSize() {
    IntStream.range(0, 20).forEach(i -> broker.publish(IMMEDIATE, String.valueOf(i)));
    try (TestApp app = TestApp.start(Consumers.class)) {
      await().atMost(20, SECONDS).until(() -> BATCHES.stream().mapToInt(List::size).sum() == 20);
      assertTrue(BATCHES.stream().allMatch(batch -> batch.size() <= 5), BATCHES.toString());
      assertTrue(BATCHES.stream().anyMatch(batch -> batch.size() > 1), BATCHES.toString());
    }
    assertEquals(0, broker.messageCount(IMMEDIATE));
  }

  @Test
  void aLoneMessageIsNotHeldBackWithoutAFlushInterval() {
    try (TestApp app = TestApp.start(Consumers.class)) {
      broker.publish(IMMEDIATE, "alone");
      await().atMost(20, SECONDS).until(() -> BATCHES.contains(List.of("alone")));
    }
  }

  @Test
  void aFlushIntervalGathersWhatArrivesWithinIt() {
    try (TestApp app = TestApp.start(Consumers.class)) {
      long published = System.nanoTime();
      broker.publish(INTERVAL, "1");
      broker.publish(INTERVAL, "2");
      broker.publish(INTERVAL, "3");
      await().atMost(20, SECONDS).until(() -> BATCHES.size() == 1);
      assertEquals(List.of("1", "2", "3"), BATCHES.get(0));
      assertTrue(RECEIVED_AT.get(0) - published >= 300_000_000L, "waited for the interval");
    }
  }

  @Test
  void batchesFillUpAtTheDefaultPrefetch() {
    IntStream.range(0, 500).forEach(i -> broker.publish(INTERVAL, String.valueOf(i)));
    try (LogCapture log = new LogCapture("io.barterdude");
        TestApp app = TestApp.start(Map.of("barterdude.prefetch", "10"), Consumers.class)) {
      await().atMost(20, SECONDS).until(() -> BATCHES.stream().mapToInt(List::size).sum() == 500);
      assertEquals(100, BATCHES.stream().mapToInt(List::size).max().orElse(0), BATCHES.toString());
      assertTrue(BATCHES.size() <= 6, BATCHES.size() + " batches");
      assertTrue(
          log.text()
              .contains("interval reads [" + INTERVAL + "] with concurrency 10 and prefetch 1100"),
          log.text());
    }
  }

  @Test
  void eachMessageOfABatchKeepsItsOwnOutcome() {
    try (TestApp app = TestApp.start(Consumers.class)) {
      broker.publish(OUTCOMES, "ok");
      broker.publish(OUTCOMES, "drop");
      broker.publish(OUTCOMES, "boom");
      await()
          .atMost(20, SECONDS)
          .until(() -> BATCHES.stream().flatMap(List::stream).anyMatch("boom#2"::equals));
      List<String> seen = BATCHES.stream().flatMap(List::stream).sorted().toList();
      assertEquals(List.of("boom#1", "boom#2", "drop#1", "ok#1", "ok#2"), seen);
      await().atMost(10, SECONDS).until(() -> broker.messageCount(OUTCOMES) == 0);
    }
  }
}
