package io.barterdude;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Consumers that take their payload type directly: bound with JSON-B before the handler. */
class PayloadIT {

  static final String ORDERS = "bd-it-payload-orders";
  static final String BATCHES = "bd-it-payload-batches";
  static final List<Object> HANDLED = new CopyOnWriteArrayList<>();
  static final List<ConsumeFailed> FAILURES = new CopyOnWriteArrayList<>();

  /** A payload type. */
  public record Order(String id, int quantity) {}

  TestBroker broker;

  @BeforeEach
  void cleanBroker() {
    HANDLED.clear();
    FAILURES.clear();
    broker = new TestBroker().cleanQueue(ORDERS).cleanQueue(BATCHES);
  }

  @AfterEach
  void closeBroker() throws Exception {
    broker.close();
  }

  @ApplicationScoped
  static class Consumers {
    void order(@Observes @Consume(queues = ORDERS) Order order) {
      HANDLED.add(order);
    }

    void orders(@Observes @Consume(queues = BATCHES) List<Order> orders) {
      HANDLED.add(orders);
    }

    void failed(@Observes ConsumeFailed event) {
      FAILURES.add(event);
    }
  }

  @Test
  void bodiesAreBoundToThePayloadType() {
    try (TestApp app = TestApp.start(Consumers.class)) {
      broker.publish(ORDERS, "{\"id\": \"a\", \"quantity\": 2}");
      broker.publish(BATCHES, "[{\"id\": \"b\", \"quantity\": 1}]");
      await().atMost(20, SECONDS).until(() -> HANDLED.size() == 2);
      assertTrue(HANDLED.contains(new Order("a", 2)), HANDLED.toString());
      assertTrue(HANDLED.contains(List.of(new Order("b", 1))), HANDLED.toString());
    }
  }

  @Test
  void aBodyThatCannotBeBoundIsAValidationFailure() {
    try (TestApp app = TestApp.start(Consumers.class)) {
      broker.publish(ORDERS, "{\"id\": \"a\", \"quantity\": \"many\"}");
      broker.publish(ORDERS, "not json");
      broker.publish(ORDERS, "null");
      broker.publish(BATCHES, "null");
      broker.publish(ORDERS, "[1, 2]");
      broker.publish(
          ORDERS, new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xFF, '"', '}'}, null);
      await().atMost(20, SECONDS).until(() -> FAILURES.size() == 6);
      FAILURES.forEach(failure -> assertTrue(failure.error() instanceof ValidationException));
      assertTrue(
          FAILURES.stream().anyMatch(f -> f.error().getMessage().contains("JSON null")),
          FAILURES.toString());
      assertTrue(
          FAILURES.stream().anyMatch(f -> f.error().getMessage().contains("not valid UTF-8")),
          FAILURES.toString());
      assertTrue(HANDLED.isEmpty(), HANDLED.toString());
      await().during(500, MILLISECONDS).until(() -> FAILURES.size() == 6);
      assertEquals(0, broker.messageCount(ORDERS), "not requeued");
    }
  }
}
