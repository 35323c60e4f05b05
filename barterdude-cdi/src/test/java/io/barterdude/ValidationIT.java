package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.hooks.ConsumeFailed;
import io.barterdude.it.TestApp;
import io.barterdude.it.TestBroker;
import io.barterdude.validation.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Messages are validated against the consumer's JSON Schema before the handler. */
class ValidationIT {

  static final String SEED = "bd-it-validation-seed";
  static final String REQUEUE = "bd-it-validation-requeue";
  static final String ORDERS = "bd-it-validation-orders";
  static final String ORDERS_2019 = "bd-it-validation-orders-2019";
  static final List<String> HANDLED = new CopyOnWriteArrayList<>();
  static final List<ConsumeFailed> FAILURES = new CopyOnWriteArrayList<>();

  TestBroker broker;

  @BeforeEach
  void cleanBroker() {
    HANDLED.clear();
    FAILURES.clear();
    broker =
        new TestBroker()
            .cleanQueue(SEED)
            .cleanQueue(REQUEUE)
            .cleanQueue(ORDERS)
            .cleanQueue(ORDERS_2019);
  }

  @AfterEach
  void closeBroker() throws Exception {
    broker.close();
  }

  @ApplicationScoped
  static class Consumers {
    void seed(@Observes @Consume(queues = SEED, validationSchema = "schemas/seed.json") Message m) {
      HANDLED.add(m.json().toString());
    }

    void requeue(
        @Observes
            @Consume(
                queues = REQUEUE,
                validationSchema = "{\"type\": \"object\"}",
                requeueOnValidationFail = true)
            Message m) {
      HANDLED.add(m.text());
    }

    void orders(
        @Observes @Consume(queues = ORDERS, validationSchema = "schemas/order-draft-07.json")
            Message m) {
      HANDLED.add(m.text());
    }

    void orders2019(
        @Observes @Consume(queues = ORDERS_2019, validationSchema = "schemas/order-2019-09.json")
            Message m) {
      HANDLED.add(m.text());
    }

    void failed(@Observes ConsumeFailed event) {
      FAILURES.add(event);
    }
  }

  @Test
  void validMessagesPassAndInvalidOnesNeverReachTheHandler() {
    try (TestApp app = TestApp.start(Consumers.class)) {
      broker.publish(SEED, "{\"key\": \"value\"}");
      broker.publish(SEED, "{\"other\": 1}");
      broker.publish(SEED, "not json");
      await().atMost(20, SECONDS).until(() -> HANDLED.size() == 1 && FAILURES.size() == 2);
      assertEquals(List.of("{\"key\":\"value\"}"), HANDLED);
      ValidationException missingKey = failureOf("{\"other\": 1}");
      assertEquals("", missingKey.violations().get(0).pointer());
      ValidationException notJson = failureOf("not json");
      assertEquals(
          "the message body is not valid JSON (at offset 1)",
          notJson.violations().get(0).message());
      await().atMost(5, SECONDS).until(() -> broker.messageCount(SEED) == 0);
      await().during(500, TimeUnit.MILLISECONDS).until(() -> FAILURES.size() == 2);
    }
  }

  static ValidationException failureOf(String body) {
    return FAILURES.stream()
        .filter(failure -> failure.message().text().equals(body))
        .map(failure -> (ValidationException) failure.error())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void invalidMessagesAreRequeuedWhenAskedUpToTheAttemptLimit() {
    try (TestApp app = TestApp.start(Consumers.class)) {
      broker.publish(REQUEUE, "[1]");
      await().atMost(20, SECONDS).until(() -> FAILURES.size() == 5);
      await().during(500, TimeUnit.MILLISECONDS).until(() -> FAILURES.size() == 5);
      assertTrue(HANDLED.isEmpty());
      assertEquals(
          List.of(1, 2, 3, 4, 5),
          FAILURES.stream().map(failure -> failure.message().deliveryAttempt()).toList(),
          "retried, and the fail observers saw the attempts in order");
    }
    assertEquals(0, broker.messageCount(REQUEUE), "dropped after barterdude.max-attempts");
  }

  @Test
  void aViolationDeepInAnArrayIsReportedWithItsPointer() {
    try (TestApp app = TestApp.start(Consumers.class)) {
      broker.publish(
          ORDERS,
          "{\"id\": 1, \"items\": [{\"sku\": \"a\", \"price\": 2}, {\"sku\": 3, \"price\": 1}]}");
      await().atMost(20, SECONDS).until(() -> FAILURES.size() == 1);
      ValidationException error = (ValidationException) FAILURES.get(0).error();
      assertEquals("/items/1/sku", error.violations().get(0).pointer());
      assertTrue(HANDLED.isEmpty());
    }
  }

  @Test
  void aDraft2019SchemaValidatesWithItsOwnKeywords() {
    String valid = "{\"id\": 1, \"items\": [], \"coupon\": \"X\", \"discount\": 5}";
    String couponWithoutDiscount = "{\"id\": 2, \"items\": [], \"coupon\": \"X\"}";
    try (TestApp app = TestApp.start(Consumers.class)) {
      broker.publish(ORDERS_2019, valid);
      broker.publish(ORDERS_2019, couponWithoutDiscount);
      await().atMost(20, SECONDS).until(() -> HANDLED.size() == 1 && FAILURES.size() == 1);
      assertEquals(List.of(valid), HANDLED);
      ValidationException error = failureOf(couponWithoutDiscount);
      assertTrue(error.getMessage().contains("discount"), error.getMessage());
      await().atMost(5, SECONDS).until(() -> broker.messageCount(ORDERS_2019) == 0);
    }
  }
}
