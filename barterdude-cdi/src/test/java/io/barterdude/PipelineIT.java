package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.hooks.ConsumeFailed;
import io.barterdude.hooks.ConsumeSucceeded;
import io.barterdude.it.RabbitCtl;
import io.barterdude.it.TestApp;
import io.barterdude.it.TestBroker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Consumers that forward what they receive: a handler's publish does not wait for its confirm, and
 * its input is acknowledged only once every output was confirmed; a refused, unroutable or lost
 * output fails the input, which is retried by the normal rules.
 */
class PipelineIT {

  static final String INPUT = "bd-it-pipeline-in";
  static final String BATCH_INPUT = "bd-it-pipeline-batch-in";
  static final String OUTPUT = "bd-it-pipeline-out";
  static final String EXCHANGE = "bd-it-pipeline-exchange";
  static final String FULL = "bd-it-pipeline-full";
  static final String AUDIT = "bd-it-pipeline-audit";
  static final List<PublishException> AUDIT_FAILURES = new CopyOnWriteArrayList<>();
  static final List<ConsumeFailed> FAILURES = new CopyOnWriteArrayList<>();
  static final List<PublishException> WAITED = new CopyOnWriteArrayList<>();
  static final AtomicInteger HANDLED = new AtomicInteger();

  TestBroker broker;
  String connectionName;

  @BeforeEach
  void cleanBroker() throws Exception {
    FAILURES.clear();
    WAITED.clear();
    AUDIT_FAILURES.clear();
    HANDLED.set(0);
    broker =
        new TestBroker()
            .cleanQueue(INPUT)
            .cleanQueue(BATCH_INPUT)
            .cleanQueue(OUTPUT)
            .cleanQueue(FULL)
            .cleanQueue(AUDIT)
            .cleanExchange(EXCHANGE);
    broker
        .channel()
        .queueDeclare(
            FULL, true, false, false, Map.of("x-max-length", 0, "x-overflow", "reject-publish"));
    connectionName = "bd-it-pipeline-" + System.nanoTime();
  }

  @AfterEach
  void closeBroker() throws Exception {
    broker.close();
  }

  /**
   * Forwards each input, with a field added, to the routing key the input names ({@code to}); with
   * {@code "wait": true} it waits for the confirm and records a failure.
   */
  @ApplicationScoped
  static class Forwarder {
    @Inject BarterDude barterdude;

    void forward(@Observes @Consume(queues = INPUT) Message message) {
      HANDLED.incrementAndGet();
      JsonObject input = message.json().asJsonObject();
      JsonObject output = Json.createObjectBuilder(input).add("forwarded", true).build();
      String exchange = input.containsKey("exchange") ? input.getString("exchange") : EXCHANGE;
      barterdude.publish(exchange, input.getString("to", ""), output);
      if (input.getBoolean("wait", false)) {
        try {
          barterdude.waitForConfirms();
        } catch (PublishException e) {
          WAITED.add(e);
        }
      }
    }

    void forwardBatch(
        @Observes @Consume(queues = BATCH_INPUT, batchSize = 20) List<Message> batch) {
      barterdude.publishBatch(EXCHANGE, "", batch.stream().map(Message::json).toList());
    }

    void failed(@Observes ConsumeFailed event) {
      FAILURES.add(event);
    }

    @Produces
    Topology topology() {
      return Topology.builder().exchange(EXCHANGE, "direct").binding(OUTPUT, EXCHANGE, "").build();
    }
  }

  /**
   * Publishes an audit record of each message handled from its success observer, outside any
   * handler, so each publish waits for its confirm.
   */
  @ApplicationScoped
  static class Auditor {
    @Inject BarterDude barterdude;

    void audit(@Observes ConsumeSucceeded succeeded) {
      try {
        barterdude.publish(EXCHANGE, AUDIT, Json.createObjectBuilder().add("audit", 1).build());
      } catch (PublishException e) {
        AUDIT_FAILURES.add(e);
      }
    }

    @Produces
    Topology auditQueue() {
      return Topology.builder().binding(AUDIT, EXCHANGE, AUDIT).build();
    }
  }

  /**
   * A success observer that waits for a confirm never runs on the client's thread that reads the
   * confirms of the pipeline's outputs: there it would wait for itself until the confirm timeout.
   */
  @Test
  void aSuccessObserverThatWaitsForItsConfirmDoesNotWaitForItself() {
    Map<String, String> settings = Map.of("barterdude.publish-confirm-timeout-ms", "3000");
    try (TestApp app = start(settings, Forwarder.class, Auditor.class)) {
      broker.publishAll(INPUT, ids(0, 200));
      await().atMost(30, SECONDS).until(() -> broker.messageCount(AUDIT) == 200);
      assertEquals(200, broker.messageCount(OUTPUT));
      assertTrue(AUDIT_FAILURES.isEmpty(), AUDIT_FAILURES.toString());
      await().atMost(10, SECONDS).until(() -> RabbitCtl.unacknowledged(INPUT) == 0);
    }
  }

  @Test
  void everyInputIsForwardedAndAcknowledged() {
    try (TestApp app = start(Map.of())) {
      broker.publishAll(INPUT, ids(0, 2_000));
      await().atMost(60, SECONDS).until(() -> broker.messageCount(OUTPUT) == 2_000);
      await().atMost(10, SECONDS).until(() -> RabbitCtl.unacknowledged(INPUT) == 0);
      assertEquals(0, broker.messageCount(INPUT));
      assertTrue(broker.get(OUTPUT).contains("\"forwarded\":true"));
      assertTrue(FAILURES.isEmpty(), FAILURES.toString());
    }
  }

  @Test
  void anOutputTheBrokerRefusesFailsItsInputWhichIsRetried() {
    try (TestApp app = start(Map.of("barterdude.max-attempts", "2"))) {
      broker.publish(INPUT, "{\"id\": 1, \"exchange\": \"\", \"to\": \"" + FULL + "\"}");
      await().atMost(20, SECONDS).until(() -> FAILURES.size() == 2);
      assertReason(PublishException.Reason.REFUSED);
      await().atMost(10, SECONDS).until(() -> broker.messageCount(INPUT) == 0);
      assertEquals(0, RabbitCtl.unacknowledged(INPUT), "given up after 2 attempts");
      assertEquals(2, HANDLED.get());
    }
  }

  @Test
  void anUnroutableOutputFailsItsInput() {
    try (TestApp app = start(Map.of("barterdude.max-attempts", "1"))) {
      broker.publish(INPUT, "{\"id\": 1, \"to\": \"nowhere\"}");
      await().atMost(20, SECONDS).until(() -> FAILURES.size() == 1);
      assertReason(PublishException.Reason.UNROUTABLE);
    }
  }

  @Test
  void aHandlerCanWaitForItsConfirmsAndAFailedOneStillFailsTheInput() {
    try (TestApp app = start(Map.of("barterdude.max-attempts", "1"))) {
      broker.publish(
          INPUT, "{\"id\": 1, \"exchange\": \"\", \"to\": \"" + FULL + "\", \"wait\": true}");
      await().atMost(20, SECONDS).until(() -> FAILURES.size() == 1);
      assertEquals(1, WAITED.size());
      assertEquals(PublishException.Reason.REFUSED, WAITED.get(0).reason());
      assertReason(PublishException.Reason.REFUSED);
    }
  }

  @Test
  void aBatchIsAcknowledgedOnceItsOutputsAreConfirmed() {
    try (TestApp app = start(Map.of())) {
      broker.publishAll(BATCH_INPUT, ids(0, 500));
      await().atMost(30, SECONDS).until(() -> broker.messageCount(OUTPUT) == 500);
      await().atMost(10, SECONDS).until(() -> RabbitCtl.unacknowledged(BATCH_INPUT) == 0);
      assertEquals(0, broker.messageCount(BATCH_INPUT));
    }
  }

  @Test
  void noInputIsLostWhenTheConnectionsAreKilledMidStream() throws Exception {
    int total = 10_000;
    Set<Integer> forwarded = collectOutputIds();
    try (TestApp app = start(Map.of("barterdude.prefetch", "100"))) {
      broker.publishAll(INPUT, ids(0, total));
      int[] after = {1_000, 2_500, 4_000};
      String[] cut = {"publish", "consume", "publish"};
      for (int fault = 0; fault < cut.length; fault++) {
        int threshold = after[fault];
        await().atMost(60, SECONDS).until(() -> forwarded.size() >= threshold);
        assertTrue(RabbitCtl.closeConnectionsNamed(connectionName + "-" + cut[fault]) > 0);
      }
      await().atMost(120, SECONDS).until(() -> forwarded.size() == total);
      await().atMost(30, SECONDS).until(() -> broker.messageCount(INPUT) == 0);
    }
    assertEquals(total, forwarded.size());
  }

  @Test
  void noInputIsLostWhenTheApplicationStopsMidStream() throws Exception {
    int total = 10_000;
    Set<Integer> forwarded = collectOutputIds();
    broker.declareQueue(INPUT);
    broker.publishAll(INPUT, ids(0, total));
    try (TestApp first = start(Map.of("barterdude.prefetch", "100"))) {
      await().atMost(60, SECONDS).until(() -> forwarded.size() >= 2_000);
    }
    assertTrue(forwarded.size() < total, "stopped mid-stream");
    try (TestApp second = start(Map.of("barterdude.prefetch", "100"))) {
      await().atMost(120, SECONDS).until(() -> forwarded.size() == total);
    }
  }

  private TestApp start(Map<String, String> settings) {
    return start(settings, Forwarder.class);
  }

  private TestApp start(Map<String, String> settings, Class<?>... beans) {
    Map<String, String> all = new java.util.HashMap<>(settings);
    all.put("barterdude.connection-name", connectionName);
    return TestApp.start(all, beans);
  }

  private static void assertReason(PublishException.Reason reason) {
    for (ConsumeFailed failure : FAILURES) {
      assertTrue(failure.error() instanceof PublishException, failure.error().toString());
      assertEquals(reason, ((PublishException) failure.error()).reason());
    }
  }

  /** Consumes the output queue (declared here) and collects the ids of the forwarded inputs. */
  private Set<Integer> collectOutputIds() throws Exception {
    Set<Integer> ids = ConcurrentHashMap.newKeySet();
    broker.channel().queueDeclare(OUTPUT, true, false, false, null);
    broker
        .connection()
        .createChannel()
        .basicConsume(
            OUTPUT,
            true,
            (tag, delivery) ->
                ids.add(
                    Json.createReader(new StringReader(new String(delivery.getBody())))
                        .readObject()
                        .getInt("id")),
            tag -> {});
    return ids;
  }

  private static List<String> ids(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "{\"id\": " + i + "}").toList();
  }
}
