package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.it.Calls;
import io.barterdude.it.TestApp;
import io.barterdude.it.TestBroker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.Json;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Python BarterDude's RabbitMQ integration scenarios, on the real broker. */
class ConsumeIT {

  static final String PROCESSED = "bd-it-processed";
  static final String FLAKY = "bd-it-flaky";
  static final String NO_REQUEUE = "bd-it-no-requeue";
  static final String MANY_A = "bd-it-many-a";
  static final String MANY_B = "bd-it-many-b";
  static final String MANY_C = "bd-it-many-c";
  static final String EXPLICIT = "bd-it-explicit";
  static final Calls CALLS = new Calls();

  TestBroker broker;

  @BeforeEach
  void cleanBroker() {
    CALLS.clear();
    broker = new TestBroker();
    List.of(PROCESSED, FLAKY, NO_REQUEUE, MANY_A, MANY_B, MANY_C, EXPLICIT)
        .forEach(broker::cleanQueue);
  }

  @AfterEach
  void closeBroker() throws Exception {
    broker.close();
  }

  @ApplicationScoped
  static class Processed {
    void on(@Observes @Consume(queues = PROCESSED) Message message) {
      CALLS.add(message.json().toString());
    }
  }

  @Test
  void messagesAreProcessedAndAcknowledged() {
    try (TestApp app = TestApp.start(Processed.class)) {
      IntStream.range(0, 5).forEach(i -> broker.publish(PROCESSED, "{\"n\":" + i + "}"));
      await().atMost(20, SECONDS).until(() -> CALLS.size() == 5);
      assertEquals(
          List.of("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}"),
          CALLS.bodies().stream().sorted().toList());
    }
    assertEquals(0, broker.messageCount(PROCESSED), "every message was acknowledged");
  }

  /** Fails once for the body "fail-once", then succeeds. */
  @ApplicationScoped
  static class Flaky {
    void on(@Observes @Consume(queues = FLAKY, concurrency = 5) Message message) {
      String body = message.json().toString();
      CALLS.add(body);
      if (body.equals("\"fail-once\"") && message.deliveryAttempt() == 1) {
        throw new IllegalStateException("first attempt fails");
      }
    }
  }

  @Test
  void exceptionRequeuesOnlyTheFailingMessageOfABatch() {
    try (TestApp app = TestApp.start(Flaky.class)) {
      IntStream.range(0, 9).forEach(i -> broker.publish(FLAKY, "\"ok-" + i + "\""));
      broker.publish(FLAKY, "\"fail-once\"");
      await().atMost(20, SECONDS).until(() -> CALLS.size() == 11);
      assertEquals(2, CALLS.count("\"fail-once\""), "the failing message was handled twice");
      IntStream.range(0, 9).forEach(i -> assertEquals(1, CALLS.count("\"ok-" + i + "\"")));
    }
    assertEquals(0, broker.messageCount(FLAKY));
  }

  @ApplicationScoped
  static class NoRequeue {
    void on(@Observes @Consume(queues = NO_REQUEUE, requeueOnFail = false) Message message) {
      CALLS.add(message.text());
      throw new IllegalStateException("always fails");
    }
  }

  @Test
  void exceptionWithoutRequeueDropsTheMessage() {
    try (TestApp app = TestApp.start(NoRequeue.class)) {
      broker.publish(NO_REQUEUE, "\"doomed\"");
      await().atMost(20, SECONDS).until(() -> CALLS.size() == 1);
      await()
          .during(1, SECONDS)
          .atMost(5, SECONDS)
          .until(() -> CALLS.size() == 1 && broker.messageCount(NO_REQUEUE) == 0);
    }
  }

  @ApplicationScoped
  static class Many {
    void on(@Observes @Consume(queues = {MANY_A, MANY_B, MANY_C}) Message message) {
      CALLS.add(message.queue() + ":" + message.text());
    }
  }

  @Test
  void oneConsumerReadsManyQueues() {
    try (TestApp app = TestApp.start(Many.class)) {
      broker.publish(MANY_A, "1");
      broker.publish(MANY_B, "2");
      broker.publish(MANY_C, "3");
      await().atMost(20, SECONDS).until(() -> CALLS.size() == 3);
      assertEquals(
          List.of(MANY_A + ":1", MANY_B + ":2", MANY_C + ":3"),
          CALLS.bodies().stream().sorted().toList());
    }
  }

  /** Settles explicitly: rejects "reject" without requeue, accepts "accept" and then throws. */
  @ApplicationScoped
  static class Explicit {
    void on(@Observes @Consume(queues = EXPLICIT) Message message) {
      CALLS.add(message.text());
      if (message.json().equals(Json.createValue("reject"))) {
        message.reject(false);
        message.accept();
      } else {
        message.accept();
        message.reject(true);
        throw new IllegalStateException("thrown after accept");
      }
    }
  }

  @Test
  void explicitAcceptAndRejectTakeEffectOnce() {
    try (TestApp app = TestApp.start(Explicit.class)) {
      broker.publish(EXPLICIT, "\"reject\"");
      broker.publish(EXPLICIT, "\"accept\"");
      await().atMost(20, SECONDS).until(() -> CALLS.size() == 2);
      await()
          .during(1, SECONDS)
          .atMost(5, SECONDS)
          .until(() -> CALLS.size() == 2 && broker.messageCount(EXPLICIT) == 0);
      assertTrue(CALLS.bodies().containsAll(List.of("\"reject\"", "\"accept\"")));
    }
  }
}
