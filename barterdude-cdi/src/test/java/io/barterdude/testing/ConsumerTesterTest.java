package io.barterdude.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.BarterDude;
import io.barterdude.Consume;
import io.barterdude.Message;
import io.barterdude.hooks.BeforeConsume;
import io.barterdude.it.TestApp;
import io.barterdude.validation.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The testing kit: consumers run on message doubles through the real pipeline, no broker. */
class ConsumerTesterTest {

  static final Map<String, String> NO_BROKER = Map.of("barterdude.connect", "false");
  static final AtomicInteger BEFORE = new AtomicInteger();

  TestApp app;
  ConsumerTester tester;

  @ApplicationScoped
  static class Consumers {
    @Inject BarterDude barterdude;

    void forward(@Observes @Consume(queues = "forward") Message message) {
      barterdude.publish("out", "key", message.json());
    }

    void rejecting(@Observes @Consume(queues = "rejecting") Message message) {
      message.reject(false);
    }

    void failing(@Observes @Consume(queues = "failing") Message message) {
      throw new IllegalStateException("handler failed");
    }

    void validated(
        @Observes @Consume(queues = "validated", validationSchema = "schemas/seed.json")
            Message message) {}

    void counted(@Observes BeforeConsume event) {
      BEFORE.incrementAndGet();
    }
  }

  @BeforeEach
  void start() {
    BEFORE.set(0);
    app = TestApp.startUnready(NO_BROKER, Consumers.class, OtherConsumers.class);
    tester = app.bean(ConsumerTester.class);
  }

  @AfterEach
  void stop() {
    app.close();
  }

  @Test
  void aConsumerThatPublishesIsAcceptedAndItsPublishIsRecorded() {
    ConsumerTester.DeliveryResult result =
        tester.deliver("Consumers.forward", MessageDouble.of("{\"a\":1}"));
    assertEquals(List.of(new Call("accept", Map.of())), result.messageCalls());
    assertEquals(
        List.of(
            new Call(
                "publish",
                Map.of(
                    "exchange", "out",
                    "routing_key", "key",
                    "data", Json.createObjectBuilder().add("a", 1).build()))),
        result.barterdudeCalls());
    assertNull(result.exception());
    assertEquals(1, BEFORE.get(), "events fire as for a real delivery");
  }

  @Test
  void aConsumerThatRejectsIsRecordedOnce() {
    ConsumerTester.DeliveryResult result =
        tester.deliver("Consumers.rejecting", MessageDouble.of("1"));
    assertEquals(List.of(new Call("reject", Map.of("requeue", false))), result.messageCalls());
  }

  @Test
  void aConsumerThatThrowsIsRequeuedAndTheExceptionReturned() {
    ConsumerTester.DeliveryResult result =
        tester.deliver("Consumers.failing", MessageDouble.of("1"));
    assertEquals(List.of(new Call("reject", Map.of("requeue", true))), result.messageCalls());
    assertEquals("handler failed", result.exception().getMessage());
  }

  @Test
  void theAttemptLimitAppliesToDoublesToo() {
    MessageDouble fifth = MessageDouble.of("1").withHeaders(Map.of("x-fail-tries", 4));
    ConsumerTester.DeliveryResult result = tester.deliver("Consumers.failing", fifth);
    assertEquals(List.of(new Call("reject", Map.of("requeue", false))), result.messageCalls());
  }

  @Test
  void aConsumerWithASchemaRejectsInvalidMessagesBeforeTheHandler() {
    ConsumerTester.DeliveryResult invalid =
        tester.deliver("Consumers.validated", MessageDouble.of("{\"other\":1}"));
    assertTrue(invalid.exception() instanceof ValidationException);
    assertEquals(List.of(new Call("reject", Map.of("requeue", false))), invalid.messageCalls());
    assertEquals(
        List.of(new Call("accept", Map.of())),
        tester.deliver("Consumers.validated", MessageDouble.of("{\"key\":\"v\"}")).messageCalls());
  }

  /** A second {@code forward}: "forward" alone names two consumers. */
  @ApplicationScoped
  static class OtherConsumers {
    void forward(@Observes @Consume(queues = "forward-elsewhere") Message message) {}
  }

  @Test
  void anAmbiguousNameIsAnErrorListingTheCandidates() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> tester.deliver("forward", MessageDouble.of("1")));
    assertTrue(
        error
            .getMessage()
            .contains(
                "'forward' fits several consumers, give a whole name:"
                    + " [Consumers.forward, OtherConsumers.forward]"),
        error.getMessage());
    assertEquals(
        List.of(new Call("accept", Map.of())),
        tester.deliver("OtherConsumers.forward", MessageDouble.of("1")).messageCalls());
  }

  @Test
  void applicationsGetNoConsumerTesterUnlessATestAddsTheTestingExtension() {
    Extension[] barterdudeOnly =
        Arrays.stream(ConsumerTester.extensions())
            .filter(extension -> !(extension instanceof ConsumerTesting))
            .toArray(Extension[]::new);
    assertEquals(1, barterdudeOnly.length);
    try (TestApp plain = TestApp.startUnready(NO_BROKER, barterdudeOnly, Consumers.class)) {
      assertTrue(plain.isUnsatisfied(ConsumerTester.class));
      MessageDouble message = MessageDouble.of("1");
      assertNull(plain.bean(TestDeliveries.class).deliver("Consumers.rejecting", message, null));
      assertEquals(List.of(new Call("reject", Map.of("requeue", false))), message.calls());
    }
  }

  @Test
  void anUnknownConsumerIsNamedInTheError() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> tester.deliver("Nope.nothing", MessageDouble.of("1")));
    assertTrue(error.getMessage().contains("Consumers.forward"), error.getMessage());
  }

  @Test
  void doublesRecordEveryCallWhenUsedDirectly() {
    MessageDouble message = MessageDouble.of("1");
    message.accept();
    message.reject(true);
    assertEquals(
        List.of(new Call("accept", Map.of()), new Call("reject", Map.of("requeue", true))),
        message.calls());
    BarterDudeDouble barterdude = new BarterDudeDouble();
    barterdude.data().put("my_variable", 1);
    barterdude.publish("x", null);
    assertEquals(JsonValue.NULL, barterdude.calls().get(0).arguments().get("data"));
    assertEquals(1, barterdude.data().get("my_variable"));
  }
}
