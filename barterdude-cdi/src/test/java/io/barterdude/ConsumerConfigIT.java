package io.barterdude;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.hooks.ConsumeFailed;
import io.barterdude.internal.runtime.BarterDudeRuntime;
import io.barterdude.it.TestApp;
import io.barterdude.it.TestBroker;
import io.barterdude.validation.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-consumer configuration wins over the annotation; a consumer can be turned off. */
class ConsumerConfigIT {

  static final String ANNOTATED = "bd-it-config-annotated";
  static final String CONFIGURED = "bd-it-config-configured";
  static final String OTHER = "bd-it-config-other";
  static final String SLOW = "bd-it-config-slow";
  static final String FAILING = "bd-it-config-failing";
  static final String VALIDATED = "bd-it-config-validated";
  static final String BATCHED = "bd-it-config-batched";
  static final String FLUSHED = "bd-it-config-flushed";
  static final List<String> SEEN = new CopyOnWriteArrayList<>();
  static final List<ConsumeFailed> FAILURES = new CopyOnWriteArrayList<>();
  static final List<List<String>> BATCHES = new CopyOnWriteArrayList<>();
  static final List<Long> RECEIVED_AT = new CopyOnWriteArrayList<>();
  static final AtomicInteger RUNNING = new AtomicInteger();
  static final AtomicInteger MOST_RUNNING = new AtomicInteger();
  static volatile CountDownLatch release;

  TestBroker broker;

  @BeforeEach
  void cleanBroker() {
    SEEN.clear();
    FAILURES.clear();
    BATCHES.clear();
    RECEIVED_AT.clear();
    RUNNING.set(0);
    MOST_RUNNING.set(0);
    release = new CountDownLatch(1);
    broker = new TestBroker();
    List.of(ANNOTATED, CONFIGURED, OTHER, SLOW, FAILING, VALIDATED, BATCHED, FLUSHED)
        .forEach(broker::declareQueue);
  }

  @AfterEach
  void closeBroker() throws Exception {
    broker.close();
  }

  @ApplicationScoped
  static class Consumers {
    void named(@Observes @Consume(name = "orders", queues = ANNOTATED) Message message) {
      SEEN.add("orders:" + message.queue());
    }

    void other(@Observes @Consume(queues = OTHER) Message message) {
      SEEN.add("other:" + message.queue());
    }
  }

  /** Annotated with other values than those the tests configure. */
  @ApplicationScoped
  static class Overridden {
    void slow(@Observes @Consume(queues = SLOW) Message message) throws InterruptedException {
      MOST_RUNNING.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
      try {
        release.await(30, SECONDS);
      } finally {
        RUNNING.decrementAndGet();
      }
      SEEN.add(message.text());
    }

    void failing(@Observes @Consume(queues = FAILING) Message message) {
      SEEN.add("attempt " + message.deliveryAttempt());
      throw new IllegalStateException("always fails");
    }

    void validated(@Observes @Consume(queues = VALIDATED) Message message) {
      SEEN.add(message.text());
    }

    void batched(
        @Observes @Consume(queues = BATCHED, batchSize = 100, batchFlushMillis = 500)
            List<Message> batch) {
      BATCHES.add(batch.stream().map(Message::text).toList());
    }

    void flushed(@Observes @Consume(queues = FLUSHED, batchSize = 100) List<Message> batch) {
      RECEIVED_AT.add(System.nanoTime());
      BATCHES.add(batch.stream().map(Message::text).toList());
    }

    void failed(@Observes ConsumeFailed event) {
      FAILURES.add(event);
    }
  }

  private static TestApp startOverridden(String attribute, String value) {
    return TestApp.start(
        Map.of("barterdude.consumer.Overridden." + attribute, value), Overridden.class);
  }

  @Test
  void configuredConcurrencyLimitsTheHandlersRunningAtOnce() {
    try (TestApp app = startOverridden("slow.concurrency", "2")) {
      IntStream.range(0, 6).forEach(i -> broker.publish(SLOW, String.valueOf(i)));
      await().atMost(20, SECONDS).until(() -> RUNNING.get() == 2);
      await().during(500, MILLISECONDS).until(() -> RUNNING.get() == 2);
      release.countDown();
      await().atMost(20, SECONDS).until(() -> SEEN.size() == 6);
      assertEquals(2, MOST_RUNNING.get());
    }
  }

  @Test
  void configuredRequeueOnFailFalseDropsAFailedMessage() {
    try (TestApp app = startOverridden("failing.requeue-on-fail", "false")) {
      broker.publish(FAILING, "x");
      await().atMost(20, SECONDS).until(() -> SEEN.contains("attempt 1"));
      await().during(500, MILLISECONDS).until(() -> SEEN.size() == 1);
      assertEquals(0, broker.messageCount(FAILING), "not requeued");
    }
  }

  @Test
  void configuredSchemaValidatesAndConfiguredRequeueRetriesInvalidMessages() {
    Map<String, String> settings =
        Map.of(
            "barterdude.consumer.Overridden.validated.validation-schema",
            "{\"type\": \"object\"}",
            "barterdude.consumer.Overridden.validated.requeue-on-validation-fail",
            "true");
    try (TestApp app = TestApp.start(settings, Overridden.class)) {
      broker.publish(VALIDATED, "{\"ok\": 1}");
      broker.publish(VALIDATED, "[1]");
      await().atMost(20, SECONDS).until(() -> FAILURES.size() == 5);
      assertEquals(List.of("{\"ok\": 1}"), SEEN, "the invalid message never reached the handler");
      FAILURES.forEach(failure -> assertTrue(failure.error() instanceof ValidationException));
      assertEquals(
          List.of(1, 2, 3, 4, 5),
          FAILURES.stream().map(failure -> failure.message().deliveryAttempt()).toList(),
          "requeued up to barterdude.max-attempts");
    }
  }

  @Test
  void configuredBatchSizeWinsOverTheAnnotation() {
    try (TestApp app = startOverridden("batched.batch-size", "2")) {
      broker.publishAll(BATCHED, List.of("1", "2", "3", "4", "5"));
      await().atMost(20, SECONDS).until(() -> BATCHES.stream().mapToInt(List::size).sum() == 5);
      assertTrue(BATCHES.stream().allMatch(batch -> batch.size() <= 2), BATCHES.toString());
    }
  }

  @Test
  void configuredFlushIntervalWinsOverTheAnnotation() {
    try (TestApp app = startOverridden("flushed.batch-flush-millis", "400")) {
      long published = System.nanoTime();
      broker.publishAll(FLUSHED, List.of("1", "2", "3"));
      await().atMost(20, SECONDS).until(() -> BATCHES.stream().mapToInt(List::size).sum() == 3);
      assertEquals(List.of(List.of("1", "2", "3")), BATCHES);
      assertTrue(RECEIVED_AT.get(0) - published >= 300_000_000L, "waited for the interval");
    }
  }

  @Test
  void configuredQueuesReplaceTheAnnotatedOnes() {
    Map<String, String> settings =
        Map.of(
            "barterdude.consumer.orders.queues",
            CONFIGURED,
            "barterdude.consumer.orders.concurrency",
            "2");
    try (TestApp app = TestApp.start(settings, Consumers.class)) {
      broker.publish(CONFIGURED, "1");
      await().atMost(20, SECONDS).until(() -> SEEN.contains("orders:" + CONFIGURED));
      assertEquals(0, broker.consumerCount(ANNOTATED), "the annotated queue is not read");
    }
  }

  @Test
  void aConsumerCanBeTurnedOffByItsDefaultName() {
    Map<String, String> settings = Map.of("barterdude.consumer.Consumers.other.enabled", "false");
    try (TestApp app = TestApp.start(settings, Consumers.class)) {
      assertEquals(
          List.of("orders"),
          List.copyOf(app.bean(BarterDudeRuntime.class).consumers().subscriptions().keySet()));
      broker.publish(ANNOTATED, "1");
      await().atMost(20, SECONDS).until(() -> SEEN.contains("orders:" + ANNOTATED));
      assertEquals(0, broker.consumerCount(OTHER));
    }
  }

  @Test
  void invalidPerConsumerValuesFailTheDeployment() {
    RuntimeException error =
        assertThrows(
            RuntimeException.class,
            () ->
                TestApp.startUnready(
                        Map.of("barterdude.consumer.orders.concurrency", "lots"), Consumers.class)
                    .close());
    String message = String.valueOf(error.getMessage()) + error.getCause();
    assertTrue(
        message.contains(
            "barterdude.consumer.orders.concurrency must be an integer from 1 to 2147483647, was"
                + " 'lots'"),
        message);
  }
}
