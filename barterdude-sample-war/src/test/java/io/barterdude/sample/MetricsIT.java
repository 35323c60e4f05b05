package io.barterdude.sample;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.PublishException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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

  static final String RECEIVED = "barterdude_received_number_before_consume_messages_total";
  static final String PROCESSED = "barterdude_processing_message_seconds_count";
  static final String BUCKET = "barterdude_processing_message_seconds_bucket";
  static final String CONNECTION_FAIL = "barterdude_connection_fail_errors_total";
  static final String PUBLISHED = "barterdude_published_messages_total";
  static final String PUBLISH_FAILURES = "barterdude_publish_failures_total";
  static final String CONFIRM = "barterdude_publish_confirm_seconds";

  /** The Python client's default buckets, as the Python BarterDude writes them. */
  static final List<String> LE =
      List.of(
          "0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1.0", "2.5",
          "5.0", "7.5", "10.0", "+Inf");

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
        Set.of("SampleConsumer.yourConsumer", "ValidatedConsumer.forwardValid"),
        metrics.samples("barterdude_messages_in_flight").stream()
            .map(sample -> sample.tags().get("consumer"))
            .collect(Collectors.toSet()),
        "barterdude_messages_in_flight, one per consumer");
  }

  @Test
  void theSeedsSeriesHaveItsNamesLabelsAndBuckets() throws Exception {
    forwardOneMessage();

    PrometheusMetrics metrics = PrometheusMetrics.read();
    for (String name : new String[] {RECEIVED, CONNECTION_FAIL}) {
      assertEquals(
          List.of(LABELS), metrics.samples(name).stream().map(MetricsIT::ownTags).toList(), name);
    }
    Map<String, String> success = new HashMap<>(LABELS);
    success.putAll(Map.of("state", "success", "error", ""));
    for (String name :
        new String[] {PROCESSED, "barterdude_processing_message_seconds_sum", BUCKET}) {
      assertTrue(
          metrics.samples(name).stream()
              .map(MetricsIT::ownTags)
              .anyMatch(tags -> tags.equals(success)),
          name + " has no sample labelled " + success + " in\n" + metrics);
    }
    List<PrometheusMetrics.Sample> buckets =
        metrics.samples(BUCKET).stream().filter(s -> s.has(success)).toList();
    assertEquals(LE, buckets.stream().map(s -> s.tags().get("le")).toList(), "le buckets");
    assertEquals(
        metrics.sum(PROCESSED, "state", "success", "error", ""),
        buckets.get(buckets.size() - 1).value(),
        "the +Inf bucket counts every message");
    assertTrue(
        metrics.samples("barterdude_processing_message_seconds").isEmpty(), "no quantile samples");
  }

  @Test
  void publishConfirmsHaveBucketsAndQueueDepthGaugesFollowTheBroker() throws Exception {
    forwardOneMessage();

    PrometheusMetrics metrics = PrometheusMetrics.read();
    assertEquals(
        LE,
        metrics.samples(CONFIRM + "_bucket").stream().map(s -> s.tags().get("le")).toList(),
        "confirm latency buckets");
    for (String queue : SampleServer.QUEUES) {
      long consumers = broker.consumerCount(queue);
      await(queue + " consumers gauge")
          .atMost(30, SECONDS)
          .untilAsserted(
              () ->
                  assertEquals(
                      consumers,
                      PrometheusMetrics.read().sum("barterdude_queue_consumers", "queue", queue)));
      assertEquals(
          1,
          metrics.samples("barterdude_queue_messages_ready").stream()
              .filter(s -> queue.equals(s.tags().get("queue")) && s.has(LABELS))
              .count(),
          "one ready gauge for " + queue);
    }
  }

  @Test
  void anUnroutablePublishCountsAsAFailureByReason() throws Exception {
    PrometheusMetrics before = PrometheusMetrics.read();
    // Nothing bound to my_exchange: the sample's mandatory publish of "fail" is returned, and the
    // handler rejects that message without requeue, so it is handled once.
    broker.channel().queueUnbind("my_exchange_copy", "my_exchange", "");
    try {
      broker.publish("queue1", "\"fail\"");
      await("the handler ran")
          .atMost(30, SECONDS)
          .until(() -> delta(before, PrometheusMetrics.read(), "fail_total") == 1);
      await("one UNROUTABLE failure")
          .atMost(30, SECONDS)
          .untilAsserted(
              () ->
                  assertEquals(
                      1,
                      delta(
                          before,
                          PrometheusMetrics.read(),
                          PUBLISH_FAILURES,
                          "reason",
                          "UNROUTABLE")));
    } finally {
      broker.channel().queueBind("my_exchange_copy", "my_exchange", "");
    }
    PrometheusMetrics after = PrometheusMetrics.read();
    assertEquals(0, delta(before, after, PUBLISHED), PUBLISHED);
    assertEquals(1, delta(before, after, PUBLISH_FAILURES), "no failure under another reason");
    assertEquals(
        Arrays.stream(PublishException.Reason.values()).map(Enum::name).collect(Collectors.toSet()),
        after.samples(PUBLISH_FAILURES).stream()
            .filter(s -> s.has(LABELS))
            .map(s -> s.tags().get("reason"))
            .collect(Collectors.toSet()),
        "one series per reason");
  }

  /** A sample's tags without those the server adds to every metric. */
  static Map<String, String> ownTags(PrometheusMetrics.Sample sample) {
    Map<String, String> tags = new HashMap<>(sample.tags());
    tags.keySet().removeAll(List.of("mp_scope", "mp_app", "le"));
    return tags;
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
                assertEquals(4, delta(before, after, PUBLISHED), PUBLISHED);
                assertEquals(4, delta(before, after, CONFIRM + "_count"), CONFIRM);
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

  /** How much the sum of the samples with that name and tags grew. */
  static double delta(
      PrometheusMetrics before, PrometheusMetrics after, String name, String... tags) {
    return after.sum(name, tags) - before.sum(name, tags);
  }
}
