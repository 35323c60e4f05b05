package io.barterdude.arquillian;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.BarterDude;
import io.barterdude.arquillian.app.ArqConsumers;
import io.barterdude.arquillian.app.ArqModule;
import io.barterdude.arquillian.app.Journal;
import io.barterdude.hooks.Healthcheck;
import io.barterdude.it.RabbitCtl;
import io.barterdude.it.TestBroker;
import io.barterdude.testing.BarterDudeDouble;
import io.barterdude.testing.Call;
import io.barterdude.testing.ConsumerTester;
import io.barterdude.testing.MessageDouble;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * BarterDude inside a real server (Open Liberty, or Payara Micro with {@code -Ppayara}) and a real
 * broker: these tests run in the server, with {@code BarterDude}, the healthcheck, the metric
 * registry and the health checks injected ({@link BarterDudeOverHttpIT} calls the same application
 * from outside). Every test publishes its own messages, marked with a unique id, and looks at those
 * only, so the tests do not depend on their order or on leftovers of earlier runs. Where the
 * servers differ ({@link TestServer}), the test asserts what each one does.
 */
@ExtendWith(ArquillianExtension.class)
class BarterDudeInServerIT {

  private static final String FORWARD = ArqConsumers.FORWARD;
  private static final String FAIL = ArqConsumers.FAIL;

  @Inject BarterDude barterdude;
  @Inject ConsumerTester tester;
  @Inject Healthcheck healthcheck;
  @Inject Journal journal;
  @Inject MetricRegistry metrics;
  @Inject @Any Instance<HealthCheck> healthChecks;

  @Deployment
  static WebArchive deployment() {
    return TestWar.create();
  }

  @Test
  void injectsTheFacadeAndTheHealthcheck() {
    awaitReady();
    assertNotNull(barterdude);
    barterdude.data().put("arquillian", "shared");
    assertEquals("shared", barterdude.data().get("arquillian"));

    Healthcheck.Status status = healthcheck.status();
    assertTrue(status.healthy(), status.body()::toString);
    assertEquals("ok", status.body().getString("status"));
  }

  @Test
  void theTestingExtensionRunsAConsumerOnDoublesInTheServer() {
    awaitReady();
    BarterDudeDouble publisher = new BarterDudeDouble();
    ConsumerTester.DeliveryResult result =
        tester.deliver(
            ArqConsumers.FORWARD, MessageDouble.of("{\"id\":\"" + newId() + "\"}"), publisher);
    assertNull(result.exception());
    assertEquals(List.of(new Call("accept", Map.of())), result.messageCalls());
    assertEquals(1, result.barterdudeCalls().size(), result.barterdudeCalls()::toString);
    Call forwarded = result.barterdudeCalls().get(0);
    assertEquals("publish", forwarded.method());
    assertEquals(TestServer.current().queue("reply"), forwarded.arguments().get("routing_key"));
  }

  @Test
  void publishedMessagesAreConsumedAndForwardedThroughTheBroker() throws Exception {
    awaitReady();
    TestServer server = TestServer.current();
    String id = newId();
    JsonObject message = Json.createObjectBuilder().add("id", id).add("n", 1).build();

    try (TestBroker broker = new TestBroker()) {
      broker.declareDurable(server.queue("reply"));
      barterdude.publish("", server.queue("forward"), message);

      String forwarded =
          await("the message forwarded to " + server.queue("reply"))
              .atMost(30, SECONDS)
              .until(() -> broker.take(server.queue("reply"), id), found -> found.isPresent())
              .orElseThrow();
      assertEquals(message, Json.createReader(new StringReader(forwarded)).readObject());
    }
    assertEquals(
        List.of(new Journal.Entry(message.toString(), "handler", server.queue("forward"))),
        journal.about(id).stream().filter(entry -> entry.what().equals("handler")).toList());
  }

  @Test
  void hooksAndEventsSeeEachMessageInOrder() throws Exception {
    awaitReady();
    TestServer server = TestServer.current();
    String id = newId();
    try (TestBroker broker = new TestBroker()) {
      broker.declareDurable(server.queue("reply"));
    }
    barterdude.publish("", server.queue("forward"), idMessage(id));

    List<String> expected =
        List.of(
            "hook.beforeConsume",
            "event.BeforeConsume",
            "handler",
            "hook.onSuccess",
            "event.ConsumeSucceeded");
    await().atMost(30, SECONDS).until(() -> journal.whatAbout(id).size() >= expected.size());
    assertEquals(expected, journal.whatAbout(id));
    assertEquals(List.of(FORWARD, FORWARD), eventConsumers(id));
  }

  @Test
  void aFailingHandlerIsReportedToHooksAndEventsAndNotRequeued() throws Exception {
    awaitReady();
    TestServer server = TestServer.current();
    String id = newId();
    barterdude.publish("", server.queue("fail"), idMessage(id));

    List<String> expected =
        List.of(
            "hook.beforeConsume",
            "event.BeforeConsume",
            "handler",
            "hook.onFail",
            "event.ConsumeFailed");
    await().atMost(30, SECONDS).until(() -> journal.whatAbout(id).size() >= expected.size());
    assertEquals(expected, journal.whatAbout(id));
    assertEquals(FAIL, journal.about(id).get(expected.indexOf("event.BeforeConsume")).detail());
    assertEquals(
        "IllegalStateException",
        journal.about(id).get(expected.indexOf("event.ConsumeFailed")).detail());
    // requeueOnFail = false: the message is dropped, so the handler never sees it again.
    await()
        .during(1, SECONDS)
        .atMost(5, SECONDS)
        .until(() -> journal.whatAbout(id).equals(expected));
    try (TestBroker broker = new TestBroker()) {
      assertEquals(0, broker.messageCount(server.queue("fail")));
    }
  }

  @Test
  void metricsCountMessagesInTheApplicationRegistry() throws Exception {
    awaitReady();
    TestServer server = TestServer.current();
    try (TestBroker broker = new TestBroker()) {
      broker.declareDurable(server.queue("reply"));
    }
    long received = counter("barterdude_received_number_before_consume_messages");
    long succeeded = timerCount("success", "");
    long failed = timerCount("fail", "IllegalStateException");

    barterdude.publish("", server.queue("forward"), idMessage(newId()));
    barterdude.publish("", server.queue("fail"), idMessage(newId()));

    await()
        .atMost(30, SECONDS)
        .untilAsserted(
            () -> {
              assertTrue(
                  counter("barterdude_received_number_before_consume_messages") >= received + 2);
              assertTrue(timerCount("success", "") >= succeeded + 1);
              assertTrue(timerCount("fail", "IllegalStateException") >= failed + 1);
            });
    for (String consumer : List.of(FORWARD, FAIL)) {
      assertTrue(
          metrics.getGauges().keySet().stream()
              .anyMatch(
                  id ->
                      id.getName().equals("barterdude_messages_in_flight")
                          && consumer.equals(id.getTags().get("consumer"))),
          () -> "no in-flight gauge for " + consumer + " in " + metrics.getGauges().keySet());
    }
  }

  @Test
  void healthChecksAreUpAndFollowForceFail() {
    awaitReady();
    HealthCheckResponse ready = check(Readiness.Literal.INSTANCE);
    assertEquals(true, data(ready).get("connected"), () -> data(ready).toString());
    assertEquals(true, data(ready).get("consumer." + FORWARD), () -> data(ready).toString());
    assertEquals(true, data(ready).get("consumer." + FAIL), () -> data(ready).toString());
    assertEquals(HealthCheckResponse.Status.UP, check(Liveness.Literal.INSTANCE).getStatus());

    healthcheck.forceFail();
    try {
      assertFalse(healthcheck.status().healthy());
      assertEquals(HealthCheckResponse.Status.DOWN, check(Readiness.Literal.INSTANCE).getStatus());
      assertEquals(HealthCheckResponse.Status.DOWN, check(Liveness.Literal.INSTANCE).getStatus());
    } finally {
      healthcheck.clearForcedFail();
    }
    assertEquals(HealthCheckResponse.Status.UP, check(Readiness.Literal.INSTANCE).getStatus());
    assertEquals(HealthCheckResponse.Status.UP, check(Liveness.Literal.INSTANCE).getStatus());
  }

  @Test
  void healthcheckMonitorsTheApplicationsModules() {
    awaitReady();
    JsonObject body = healthcheck.status().body();
    assertEquals("ok", body.getString(ArqModule.NAME, "absent"), body::toString);
  }

  @Test
  void theApplicationsTopologyIsDeclaredAtStartup() throws Exception {
    awaitReady();
    TestServer server = TestServer.current();
    try (TestBroker broker = new TestBroker()) {
      boolean declared = broker.exists(server.queue("topology"));
      // Deleted, so that the next run shows again whether BarterDude declared it.
      broker.deleteQueue(server.queue("topology"));
      assertTrue(declared, server.queue("topology"));
    }
  }

  @Test
  void recoversFromALostConnectionAndTellsHooksEventsAndMetrics() throws Exception {
    awaitReady();
    TestServer server = TestServer.current();
    int before = journal.whatAbout("connection").size();
    long failures = counter("barterdude_connection_fail_errors");

    assertEquals(1, RabbitCtl.closeConnectionsNamed(server.connectionName() + "-consume"));

    List<String> expected = List.of("hook.onConnectionFail", "event.ConnectionFailed");
    await()
        .atMost(30, SECONDS)
        .untilAsserted(
            () -> {
              List<String> seen = journal.whatAbout("connection");
              assertEquals(expected, seen.subList(before, Math.min(seen.size(), before + 2)));
              assertTrue(counter("barterdude_connection_fail_errors") >= failures + 1);
            });
    awaitReady();

    String id = newId();
    try (TestBroker broker = new TestBroker()) {
      broker.declareDurable(server.queue("reply"));
    }
    barterdude.publish("", server.queue("forward"), idMessage(id));
    await()
        .atMost(30, SECONDS)
        .until(() -> journal.whatAbout(id).contains("event.ConsumeSucceeded"));
  }

  // ---- helpers ----

  /**
   * Waits until BarterDude is connected and subscribed: the server reports the application started
   * before BarterDude, which starts with it, has connected.
   */
  private void awaitReady() {
    await("readiness UP")
        .atMost(60, SECONDS)
        .pollInterval(100, MILLISECONDS)
        .until(
            () -> check(Readiness.Literal.INSTANCE).getStatus() == HealthCheckResponse.Status.UP);
  }

  private static String newId() {
    return "arq-" + UUID.randomUUID();
  }

  private static String idMessage(String id) {
    return "{\"id\":\"" + id + "\"}";
  }

  private List<String> eventConsumers(String id) {
    return journal.about(id).stream()
        .filter(entry -> entry.what().startsWith("event."))
        .map(Journal.Entry::detail)
        .toList();
  }

  private long counter(String name) {
    String server = TestServer.current().id();
    return metrics
        .getCounters(
            (id, metric) -> id.getName().equals(name) && server.equals(id.getTags().get("server")))
        .values()
        .stream()
        .mapToLong(Counter::getCount)
        .sum();
  }

  private long timerCount(String state, String error) {
    String server = TestServer.current().id();
    return metrics
        .getTimers(
            (id, metric) ->
                id.getName().equals("barterdude_processing_message")
                    && server.equals(id.getTags().get("server"))
                    && state.equals(id.getTags().get("state"))
                    && error.equals(id.getTags().get("error")))
        .values()
        .stream()
        .mapToLong(Timer::getCount)
        .sum();
  }

  private HealthCheckResponse check(Annotation kind) {
    return healthChecks.select(kind).stream()
        .map(HealthCheck::call)
        .filter(response -> response.getName().equals("barterdude"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no barterdude check of kind " + kind));
  }

  private static Map<String, Object> data(HealthCheckResponse response) {
    return response.getData().orElseThrow();
  }
}
