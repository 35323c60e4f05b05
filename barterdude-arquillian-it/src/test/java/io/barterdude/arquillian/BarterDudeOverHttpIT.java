package io.barterdude.arquillian;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.arquillian.app.ArqConsumers;
import io.barterdude.it.TestBroker;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test application on a real server (Open Liberty, or Payara Micro with {@code -Ppayara}), seen
 * from outside as a client sees it: MicroProfile Health and Metrics, BarterDude's routes, and an
 * {@code HttpHook}. Messages come from the tests' own broker connection. Where the servers differ
 * ({@link TestServer}), the test asserts what each one does.
 */
@ExtendWith(ArquillianExtension.class)
class BarterDudeOverHttpIT {

  @ArquillianResource URL application;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return TestWar.create();
  }

  @Test
  void healthAndMetricsAnswerOverHttp() throws Exception {
    awaitReady();
    TestServer server = TestServer.current();
    Http.Answer ready = Http.get(application, "/health/ready");
    assertEquals(200, ready.status(), ready.body());
    JsonObject check = barterdudeCheck(ready);
    assertEquals("UP", check.getString("status"));
    JsonValue connected = check.getJsonObject("data").get("connected");
    if (server.healthDataKeepsJsonTypes()) {
      assertEquals(JsonValue.TRUE, connected, ready.body());
    } else {
      assertEquals("true", ((JsonString) connected).getString(), ready.body());
    }

    String received = "barterdude_received_number_before_consume_messages_total";
    double before = metric(received);
    publishToTheForwardConsumer(server);
    await("the received counter over HTTP")
        .atMost(30, SECONDS)
        .until(() -> metric(received) > before);
  }

  /**
   * The Python BarterDude's series, as its dashboards read them: names, labels (the configured
   * ones, {@code state}, {@code error}) and the Prometheus client's default {@code le} buckets,
   * without quantiles.
   */
  @Test
  void theSeedsSeriesHaveItsNamesLabelsAndBuckets() throws Exception {
    awaitReady();
    TestServer server = TestServer.current();
    String count = "barterdude_processing_message_seconds_count";
    double before = metric(count, "state", "success");
    publishToTheForwardConsumer(server);
    await("the message handled")
        .atMost(30, SECONDS)
        .until(() -> metric(count, "state", "success") > before);

    PrometheusText metrics = metrics();
    Map<String, String> labels = Map.of("app_name", "barterdude_arquillian", "server", server.id());
    for (String name :
        List.of(
            "barterdude_received_number_before_consume_messages_total",
            "barterdude_connection_fail_errors_total")) {
      assertEquals(
          List.of(labels),
          metrics.samples(name).stream()
              .map(BarterDudeOverHttpIT::ownTags)
              .filter(labels::equals)
              .toList(),
          name + " in\n" + metrics);
    }
    Map<String, String> success = new HashMap<>(labels);
    success.putAll(Map.of("state", "success", "error", ""));
    List<PrometheusText.Sample> buckets =
        metrics.samples("barterdude_processing_message_seconds_bucket").stream()
            .filter(sample -> ownTags(sample).equals(success))
            .toList();
    assertEquals(
        List.of(
            "0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1.0", "2.5",
            "5.0", "7.5", "10.0", "+Inf"),
        buckets.stream().map(sample -> sample.tags().get("le")).toList(),
        "le buckets in\n" + metrics);
    assertEquals(
        metric(count, "state", "success"),
        buckets.get(buckets.size() - 1).value(),
        "the +Inf bucket counts every message");
    assertTrue(
        metrics.samples("barterdude_processing_message_seconds").isEmpty(), "no quantile samples");
  }

  /** A sample's tags without those the server adds and the bucket's. */
  private static Map<String, String> ownTags(PrometheusText.Sample sample) {
    Map<String, String> tags = new HashMap<>(sample.tags());
    tags.keySet().removeAll(List.of("mp_scope", "mp_app", "le"));
    return tags;
  }

  @Test
  void healthcheckRouteAnswersAndTheCallbackEndpointIsOffByDefault() throws Exception {
    awaitReady();
    Http.Answer healthcheck = Http.get(application, "api/healthcheck");
    assertEquals(200, healthcheck.status(), healthcheck.body());
    assertEquals("ok", healthcheck.json().getString("status"));

    // The test WAR does not set barterdude.callback.enabled: the endpoint must not exist.
    Http.Answer callback =
        Http.postJson(
            application,
            "api/barterdude/callback/" + ArqConsumers.FORWARD,
            "{\"body\": {\"id\": \"callback\"}, \"should_mock_barterdude\": true}");
    assertEquals(404, callback.status(), callback.body());
  }

  @Test
  void anHttpHookAnswersItsRouteWithWhatItCounted() throws Exception {
    awaitReady();
    TestServer server = TestServer.current();
    // The hooks' beforeConsume runs before the Metrics hook records a success.
    String succeeded = "barterdude_processing_message_seconds_count";
    double before = metric(succeeded, "state", "success");
    publishToTheForwardConsumer(server);
    await("the message handled")
        .atMost(30, SECONDS)
        .until(() -> metric(succeeded, "state", "success") > before);

    JsonObject counts = Http.get(application, "api/counting-hook").json();
    // The same count: JAX-RS serves the CDI bean that BarterDude calls ...
    assertEquals(counts.getJsonNumber("bean"), counts.getJsonNumber("served"), counts::toString);
    // ... and BarterDude finds the application's hooks on every server.
    assertTrue(counts.getJsonNumber("served").longValue() >= 1, counts::toString);
  }

  // ---- helpers ----

  /**
   * Waits until BarterDude is connected and subscribed: the server reports the application started
   * before BarterDude, which starts with it, has connected.
   */
  private void awaitReady() {
    await("/health/ready answers 200")
        .atMost(60, SECONDS)
        .pollInterval(100, MILLISECONDS)
        .ignoreExceptions()
        .until(() -> Http.get(application, "/health/ready").status() == 200);
  }

  /** Publishes a message for {@code ArqConsumers.forward}, which forwards it to the reply queue. */
  private static void publishToTheForwardConsumer(TestServer server) throws Exception {
    try (TestBroker broker = new TestBroker()) {
      broker.declareDurable(server.queue("reply"));
      broker.publish(server.queue("forward"), "{\"id\":\"arq-" + UUID.randomUUID() + "\"}");
    }
  }

  /** The application scope's metrics now. */
  private PrometheusText metrics() throws Exception {
    Http.Answer answer = Http.get(application, "/metrics?scope=application");
    assertEquals(200, answer.status(), answer.body());
    return new PrometheusText(answer.body());
  }

  /** A metric of this server's test application, summed over the samples with those tags. */
  private double metric(String name, String... tags) throws Exception {
    Map<String, String> wanted = new HashMap<>(Map.of("server", TestServer.current().id()));
    for (int i = 0; i < tags.length; i += 2) {
      wanted.put(tags[i], tags[i + 1]);
    }
    return metrics().sum(name, wanted);
  }

  private static JsonObject barterdudeCheck(Http.Answer answer) {
    return answer.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
        .filter(check -> check.getString("name").equals("barterdude"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no barterdude check in " + answer.body()));
  }
}
