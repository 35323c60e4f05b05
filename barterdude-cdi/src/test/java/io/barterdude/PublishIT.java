package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import io.barterdude.it.TestApp;
import io.barterdude.it.TestBroker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Publishing through {@link BarterDude}, topology declaration and data sharing. */
class PublishIT {

  static final String INPUT = "bd-it-forward-in";
  static final String OUTPUT = "bd-it-forward-out";
  static final String EXCHANGE = "bd-it-forward-exchange";
  static final String FULL = "bd-it-forward-full";

  TestBroker broker;

  @BeforeEach
  void cleanBroker() {
    broker = new TestBroker().cleanQueue(INPUT).cleanQueue(OUTPUT).cleanExchange(EXCHANGE);
  }

  @AfterEach
  void closeBroker() throws Exception {
    broker.close();
  }

  /** The seed's example: forward every body to an exchange. */
  @ApplicationScoped
  static class Forwarder {
    @Inject BarterDude barterdude;

    void on(@Observes @Consume(queues = INPUT) Message message) {
      barterdude.publish(EXCHANGE, message.json());
    }

    Object shared(String key) {
      return barterdude.data().get(key);
    }

    @Produces
    Topology topology() {
      return Topology.builder().exchange(EXCHANGE, "direct").binding(OUTPUT, EXCHANGE, "").build();
    }
  }

  @Test
  void consumerForwardsToAnExchangeBoundToAQueue() {
    try (TestApp app = TestApp.start(Forwarder.class)) {
      broker.publish(INPUT, "{\"key\": \"value\"}");
      await().atMost(20, SECONDS).until(() -> broker.messageCount(OUTPUT) == 1);
      assertEquals("{\"key\":\"value\"}", broker.get(OUTPUT));
    }
  }

  @Test
  void publishSerializesEachKindOfPayload() throws Exception {
    try (TestApp app = TestApp.start(Forwarder.class)) {
      BarterDude barterdude = app.bean(BarterDude.class);
      barterdude.publish(EXCHANGE, "text");
      barterdude.publish(EXCHANGE, Json.createObjectBuilder().add("a", 1).build());
      barterdude.publish(EXCHANGE, "", Map.of("pojo", true));
      barterdude.publish(EXCHANGE, "", new byte[] {1, 2, 3});
      assertEquals("\"text\"", body(broker.channel().basicGet(OUTPUT, true)));
      assertEquals("{\"a\":1}", body(broker.channel().basicGet(OUTPUT, true)));
      GetResponse pojo = broker.channel().basicGet(OUTPUT, true);
      assertEquals("{\"pojo\":true}", body(pojo));
      assertEquals("application/json", pojo.getProps().getContentType());
      assertEquals(2, pojo.getProps().getDeliveryMode(), "persistent");
      GetResponse bytes = broker.channel().basicGet(OUTPUT, true);
      assertArrayEquals(new byte[] {1, 2, 3}, bytes.getBody());
      assertEquals("application/octet-stream", bytes.getProps().getContentType());
    }
  }

  @Test
  void publishToAMissingExchangeThrowsAndLaterPublishesStillWork() {
    try (TestApp app = TestApp.start(Forwarder.class)) {
      BarterDude barterdude = app.bean(BarterDude.class);
      PublishException error =
          assertThrows(PublishException.class, () -> barterdude.publish("bd-it-nowhere", "x"));
      assertTrue(error.getMessage().contains("bd-it-nowhere"), error.getMessage());
      assertTrue(error.getMessage().contains("NOT_FOUND"), error.getMessage());
      barterdude.publish(EXCHANGE, "after");
      await().atMost(10, SECONDS).until(() -> broker.messageCount(OUTPUT) == 1);
    }
  }

  @Test
  void anUnroutableMessageFailsThePublishUnlessMandatoryIsOff() throws Exception {
    try (TestApp app = TestApp.start(Forwarder.class)) {
      PublishException error =
          assertThrows(
              PublishException.class,
              () -> app.bean(BarterDude.class).publish(EXCHANGE, "nowhere", "lost?"));
      assertTrue(error.getMessage().contains("unroutable"), error.getMessage());
      app.bean(BarterDude.class).publish(EXCHANGE, "", "still fine");
      assertEquals(1, broker.messageCount(OUTPUT));
    }
    try (TestApp app =
        TestApp.start(Map.of("barterdude.publish-mandatory", "false"), Forwarder.class)) {
      app.bean(BarterDude.class).publish(EXCHANGE, "nowhere", "dropped by the broker");
    }
  }

  @Test
  void aPublishTheBrokerNacksFailsNamingTheNack() throws Exception {
    broker.cleanQueue(FULL);
    broker
        .channel()
        .queueDeclare(
            FULL, true, false, false, Map.of("x-max-length", 0, "x-overflow", "reject-publish"));
    try (TestApp app = TestApp.start(Forwarder.class)) {
      BarterDude barterdude = app.bean(BarterDude.class);
      PublishException error =
          assertThrows(PublishException.class, () -> barterdude.publish("", FULL, "refused"));
      assertTrue(error.getMessage().contains("'" + FULL + "'"), error.getMessage());
      assertTrue(error.getMessage().contains("nack"), error.getMessage());
      barterdude.publish(EXCHANGE, "after");
      assertEquals(1, broker.messageCount(OUTPUT));
    }
  }

  @Test
  void aBatchIsPublishedAndConfirmedAtOnce() {
    try (TestApp app = TestApp.start(Forwarder.class)) {
      List<Integer> batch = IntStream.range(0, 500).boxed().toList();
      app.bean(BarterDude.class).publishBatch(EXCHANGE, "", batch);
      assertEquals(500, broker.messageCount(OUTPUT));
      assertEquals("0", broker.get(OUTPUT));
      PublishException error =
          assertThrows(
              PublishException.class,
              () -> app.bean(BarterDude.class).publishBatch(EXCHANGE, "nowhere", List.of(1, 2)));
      assertEquals(PublishException.Reason.UNROUTABLE, error.reason());
      assertTrue(error.getMessage().contains("unroutable"), error.getMessage());
    }
  }

  @Test
  void messagesArePersistentUnlessThePropertiesSayOtherwise() throws Exception {
    try (TestApp app = TestApp.start(Forwarder.class)) {
      BarterDude barterdude = app.bean(BarterDude.class);
      AMQP.BasicProperties custom =
          new AMQP.BasicProperties.Builder().headers(Map.of("x-custom", "yes")).build();
      barterdude.publish(EXCHANGE, "", "custom headers", custom);
      barterdude.publish(
          EXCHANGE, "", "transient", new AMQP.BasicProperties.Builder().deliveryMode(1).build());
      GetResponse first = broker.channel().basicGet(OUTPUT, true);
      assertEquals(2, first.getProps().getDeliveryMode());
      assertEquals("yes", first.getProps().getHeaders().get("x-custom").toString());
      assertEquals(1, broker.channel().basicGet(OUTPUT, true).getProps().getDeliveryMode());
    }
  }

  @Test
  void dataIsSharedAcrossInjectionPoints() {
    try (TestApp app = TestApp.start(Forwarder.class)) {
      app.bean(BarterDude.class).data().put("my_variable", 42);
      assertEquals(42, app.bean(Forwarder.class).shared("my_variable"));
    }
  }

  private static String body(GetResponse response) {
    return new String(response.getBody(), StandardCharsets.UTF_8);
  }
}
