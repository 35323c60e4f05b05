package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.internal.runtime.BarterDudeRuntime;
import io.barterdude.it.TestApp;
import io.barterdude.it.TestBroker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-consumer configuration wins over the annotation; a consumer can be turned off. */
class ConsumerConfigIT {

  static final String ANNOTATED = "bd-it-config-annotated";
  static final String CONFIGURED = "bd-it-config-configured";
  static final String OTHER = "bd-it-config-other";
  static final List<String> SEEN = new CopyOnWriteArrayList<>();

  TestBroker broker;

  @BeforeEach
  void cleanBroker() {
    SEEN.clear();
    broker = new TestBroker();
    List.of(ANNOTATED, CONFIGURED, OTHER).forEach(broker::declareQueue);
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
          List.of(Consumers.class.getName() + ".named"),
          List.copyOf(app.bean(BarterDudeRuntime.class).subscriptions().keySet()));
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
        message.contains("barterdude.consumer.orders.concurrency must be an integer, was 'lots'"),
        message);
  }
}
