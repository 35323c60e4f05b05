package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.it.LogCapture;
import io.barterdude.it.TestApp;
import io.barterdude.it.TestBroker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Topology from configuration and from producers, declared before the consumers start. */
class TopologyIT {

  static final String EXCHANGE = "bd-it-topology-exchange";
  static final String QUORUM = "bd-it-topology-quorum";
  static final String BOUND = "bd-it-topology-bound";
  static final String CLASSIC = "bd-it-topology-classic";

  static final List<String> READ = new CopyOnWriteArrayList<>();

  TestBroker broker;

  @BeforeEach
  void cleanBroker() {
    READ.clear();
    broker =
        new TestBroker()
            .cleanQueue(QUORUM)
            .cleanQueue(BOUND)
            .cleanQueue(CLASSIC)
            .cleanExchange(EXCHANGE);
  }

  @AfterEach
  void closeBroker() throws Exception {
    broker.close();
  }

  /** Reads the quorum queue that configuration declares. */
  @ApplicationScoped
  static class QuorumReader {
    void on(@Observes @Consume(queues = QUORUM) Message message) {
      READ.add(message.text());
    }
  }

  @Test
  void configurationDeclaresExchangesQueuesWithArgumentsAndBindings() throws Exception {
    Map<String, String> settings =
        Map.of(
            "barterdude.topology.exchange." + EXCHANGE + ".type", "topic",
            "barterdude.topology.queue." + QUORUM + ".arguments",
                "x-queue-type=quorum,x-delivery-limit=5",
            "barterdude.topology.binding." + BOUND, EXCHANGE + ":orders.*");
    try (TestApp app = TestApp.start(settings, QuorumReader.class)) {
      broker.channel().basicPublish(EXCHANGE, "orders.new", null, "1".getBytes());
      await().atMost(10, SECONDS).until(() -> broker.messageCount(BOUND) == 1);
      assertEquals(1, broker.consumerCount(QUORUM), "the consumer reads the declared queue");
      com.rabbitmq.client.Channel probe = broker.channel().getConnection().createChannel();
      assertThrows(
          Exception.class,
          () -> probe.queueDeclare(QUORUM, true, false, false, null),
          "declared as a quorum queue: a classic declaration is refused");
    }
  }

  @Test
  void aDeletedQueueComesBackAsTheTopologyDeclaresIt() throws Exception {
    Map<String, String> settings =
        Map.of(
            "barterdude.reconnect-delay-ms",
            "50",
            "barterdude.topology.exchange." + EXCHANGE + ".type",
            "topic",
            "barterdude.topology.queue." + QUORUM + ".arguments",
            "x-queue-type=quorum",
            "barterdude.topology.binding." + QUORUM,
            EXCHANGE + ":orders.*");
    try (TestApp app = TestApp.start(settings, QuorumReader.class)) {
      await().atMost(10, SECONDS).until(() -> broker.consumerCount(QUORUM) == 1);
      broker.deleteQueue(QUORUM);
      await().atMost(20, SECONDS).ignoreExceptions().until(() -> broker.consumerCount(QUORUM) == 1);
      com.rabbitmq.client.Channel probe = broker.connection().createChannel();
      assertThrows(
          Exception.class,
          () -> probe.queueDeclare(QUORUM, true, false, false, null),
          "declared again as a quorum queue");
      broker.channel().basicPublish(EXCHANGE, "orders.new", null, "2".getBytes());
      await().atMost(10, SECONDS).until(() -> READ.contains("2"));
    }
  }

  /** Declares a queue that already exists with other arguments. */
  @ApplicationScoped
  static class Mismatch {
    @Produces
    Topology topology() {
      return Topology.builder().queue(CLASSIC, Map.of("x-queue-type", "quorum")).build();
    }
  }

  @Test
  void aMismatchWithTheBrokerIsReportedClearly() throws Exception {
    broker.channel().queueDeclare(CLASSIC, true, false, false, null);
    try (LogCapture log = new LogCapture("io.barterdude");
        TestApp app = TestApp.start(Mismatch.class)) {
      String lines = log.text();
      assertTrue(lines.contains("BDCDI0008: could not declare queue '" + CLASSIC + "'"), lines);
      assertTrue(lines.contains("inequivalent arg 'x-queue-type'"), lines);
    }
  }

  @Test
  void aMalformedEntryFailsTheDeployment() {
    RuntimeException error =
        assertThrows(
            RuntimeException.class,
            () ->
                TestApp.startUnready(
                        Map.of("barterdude.topology.queue.q.arguments", "novalue"),
                        QuorumReader.class)
                    .close());
    String text = error.getMessage() + error.getCause();
    assertTrue(
        text.contains(
            "barterdude.topology.queue.q.arguments must be name=value pairs separated by commas,"
                + " was 'novalue'"),
        text);
  }
}
