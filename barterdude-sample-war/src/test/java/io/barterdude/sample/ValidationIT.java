package io.barterdude.sample;

import static io.barterdude.sample.MetricsIT.HANDLER;
import static io.barterdude.sample.MetricsIT.PROCESSED;
import static io.barterdude.sample.MetricsIT.RECEIVED;
import static io.barterdude.sample.MetricsIT.delta;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.barterdude.it.RabbitCtl;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code validated_queue}: messages must match {@code schemas/message.json} (an object with a
 * string {@code key}); valid ones are forwarded, invalid ones never reach the handler and are
 * dropped without requeue.
 */
class ValidationIT extends SampleServerTestBase {

  private static final String QUEUE = "validated_queue";
  private static final String HANDLER_METHOD = "ValidatedConsumer.forwardValid";

  @Test
  void forwardsAValidMessage() throws Exception {
    String key = UUID.randomUUID().toString();
    try (ForwardedMessages forwarded = forwarded()) {
      broker.publish(QUEUE, "{\"key\":\"" + key + "\",\"extra\":1}");

      await("forwarded").atMost(30, SECONDS).until(() -> forwarded.count(key) == 1);
    }
  }

  @Test
  void dropsAnInvalidMessageWithoutRequeue() throws Exception {
    String id = UUID.randomUUID().toString();
    try (ForwardedMessages forwarded = forwarded()) {
      PrometheusMetrics before = PrometheusMetrics.read();
      broker.publish(QUEUE, "{\"id\":\"" + id + "\"}");

      await("one ValidationException timed")
          .atMost(30, SECONDS)
          .untilAsserted(
              () -> assertEquals(1, validationFailures(before, PrometheusMetrics.read())));
      await("received once, never requeued, never handled nor forwarded")
          .during(2, SECONDS)
          .atMost(10, SECONDS)
          .untilAsserted(
              () -> {
                PrometheusMetrics after = PrometheusMetrics.read();
                assertEquals(1, validationFailures(before, after), "validation failures");
                assertEquals(1, delta(before, after, RECEIVED), RECEIVED);
                assertEquals(0, delta(before, after, HANDLER, "method", HANDLER_METHOD), HANDLER);
                assertEquals(0, forwarded.count(id), "forwarded");
              });
      assertEquals(0, broker.messageCount(QUEUE), "messages ready in " + QUEUE);
      assertEquals(0, RabbitCtl.unacknowledged(QUEUE), "messages unacknowledged in " + QUEUE);
    }
  }

  private static double validationFailures(PrometheusMetrics before, PrometheusMetrics after) {
    return delta(before, after, PROCESSED, "state", "fail", "error", "ValidationException");
  }
}
