package io.barterdude.sample;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics?scope=application} without a login: BarterDude's metrics with the labels of
 * {@code barterdude.metrics.labels}, the seed's user counter {@code fail}, and the sample's
 * interceptor timer {@code sample_handler}. Counts are compared before and after, since other tests
 * share the server.
 */
class MetricsIT extends SampleServerTestBase {

  static final String RECEIVED = "barterdude_received_number_before_consume_total";
  static final String PROCESSED = "barterdude_processing_message_seconds_count";
  static final String CONNECTION_FAIL = "barterdude_connection_fail_total";
  static final String HANDLER = "sample_handler_seconds_count";
  private static final Map<String, String> LABELS =
      Map.of("app_name", "barterdude_sample", "team_name", "my_team");

  @Test
  void everyBarterdudeMetricCarriesTheLabels() throws Exception {
    // BarterDude registers its metrics when its Metrics hook first runs: have it handle a message.
    forwardOneMessage();

    PrometheusMetrics metrics = PrometheusMetrics.read();
    for (String name :
        new String[] {
          RECEIVED,
          PROCESSED,
          "barterdude_processing_message_seconds_sum",
          CONNECTION_FAIL,
          "barterdude_messages_in_flight",
          "barterdude_hook_errors_total"
        }) {
      assertFalse(metrics.samples(name).isEmpty(), name + " missing in\n" + metrics);
      metrics
          .samples(name)
          .forEach(sample -> assertTrue(sample.has(LABELS), sample + " lacks " + LABELS));
    }
    assertEquals(
        Set.of(consumer("SampleConsumer.yourConsumer"), consumer("ValidatedConsumer.forwardValid")),
        metrics.samples("barterdude_messages_in_flight").stream()
            .map(sample -> sample.tags().get("consumer"))
            .collect(Collectors.toSet()),
        "barterdude_messages_in_flight, one per consumer");
  }

  @Test
  void receivedCounterAndHandlerTimersGrowByTheMessagesPublished() throws Exception {
    String id = UUID.randomUUID().toString();
    try (ForwardedMessages forwarded = forwarded()) {
      PrometheusMetrics before = PrometheusMetrics.read();
      for (int i = 0; i < 4; i++) {
        broker.publish("queue2", "{\"id\":\"" + id + "\"}");
      }

      await("4 forwarded").atMost(30, SECONDS).until(() -> forwarded.count(id) == 4);
      await("the counters moved by 4")
          .atMost(30, SECONDS)
          .untilAsserted(
              () -> {
                PrometheusMetrics after = PrometheusMetrics.read();
                assertEquals(4, delta(before, after, RECEIVED), RECEIVED);
                assertEquals(
                    4, delta(before, after, PROCESSED, "state", "success", "error", ""), PROCESSED);
                assertEquals(
                    4,
                    delta(before, after, HANDLER, "method", "SampleConsumer.yourConsumer"),
                    "the interceptor's " + HANDLER);
              });
    }
  }

  @Test
  void userCounterFailGrowsOnFail() throws Exception {
    try (ForwardedMessages forwarded = forwarded()) {
      PrometheusMetrics before = PrometheusMetrics.read();
      broker.publish("queue1", "\"fail\"");

      await("fail_total moved by 1")
          .atMost(30, SECONDS)
          .untilAsserted(
              () -> assertEquals(1, delta(before, PrometheusMetrics.read(), "fail_total")));
      assertEquals(1, forwarded.count("\"fail\""));
    }
  }

  private static void forwardOneMessage() throws Exception {
    String id = UUID.randomUUID().toString();
    try (ForwardedMessages forwarded = forwarded()) {
      broker.publish("queue1", "{\"id\":\"" + id + "\"}");
      await("forwarded").atMost(30, SECONDS).until(() -> forwarded.count(id) == 1);
    }
  }

  private static String consumer(String classAndMethod) {
    return "io.barterdude.sample." + classAndMethod;
  }

  /** How much the sum of the samples with that name and tags grew. */
  static double delta(
      PrometheusMetrics before, PrometheusMetrics after, String name, String... tags) {
    return after.sum(name, tags) - before.sum(name, tags);
  }
}
