package io.barterdude.mp7;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.MessageProperties;
import io.barterdude.it.TestBroker;
import io.barterdude.mp7.Forwarded.Received;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tracing through MicroProfile Telemetry 2 on Open Liberty 26 (the server writes every span to
 * messages.log, {@code otel.traces.exporter=logging}): one trace id crosses an upstream publish
 * (this test, with a {@code traceparent} header), the sample's processing of it, its forward, the
 * processing of the forwarded message at the next stage (published back to the sample's second
 * queue, headers and all, as a pipeline's next stage would receive it) and that stage's forward.
 */
class TracingIT {

  /** A span line of the logging exporter: 'name' : traceId spanId KIND [tracer: ...] attributes. */
  static final Pattern SPAN =
      Pattern.compile("'([^']+)' : ([0-9a-f]{32}) ([0-9a-f]{16}) ([A-Z]+) .*");

  record Span(String name, String traceId, String spanId, String kind, String line) {}

  static TestBroker broker;

  @BeforeAll
  static void ready() {
    broker = new TestBroker();
    Mp7Server.awaitReady(broker);
  }

  @AfterAll
  static void close() throws Exception {
    broker.close();
  }

  @Test
  void oneTraceCrossesPublishConsumeForwardAndTheNextStage() throws Exception {
    String traceId = UUID.randomUUID().toString().replace("-", "");
    String marker = UUID.randomUUID().toString();
    String body = "{\"traced\":\"" + marker + "\"}";
    try (Forwarded forwarded = new Forwarded(broker.connection())) {
      broker.publish(
          Mp7Server.QUEUE1, bytes(body), withHeaders(Map.of("traceparent", parent(traceId))));
      Received first = awaitForwarded(forwarded, marker, 1);
      broker.publish(Mp7Server.QUEUE2, bytes(first.body()), first.properties());
      Received second = awaitForwarded(forwarded, marker, 2);

      String firstPublish = spanIdIn(first, traceId);
      String secondPublish = spanIdIn(second, traceId);
      assertNotEquals(firstPublish, secondPublish);
      await("the four spans in messages.log")
          .atMost(30, SECONDS)
          .until(() -> spans(traceId).size() >= 4);
      List<Span> spans = spans(traceId);
      List<String> expected =
          List.of(
              "process " + Mp7Server.QUEUE1 + " CONSUMER",
              "publish my_exchange PRODUCER " + firstPublish,
              "process " + Mp7Server.QUEUE2 + " CONSUMER",
              "publish my_exchange PRODUCER " + secondPublish);
      assertEquals(
          expected.stream().sorted().toList(),
          spans.stream().map(TracingIT::describe).sorted().toList(),
          spans::toString);
      Span process =
          spans.stream()
              .filter(span -> span.name().equals("process " + Mp7Server.QUEUE1))
              .findFirst()
              .orElseThrow();
      for (String attribute :
          List.of(
              "messaging.system=rabbitmq",
              "messaging.operation.type=process",
              "messaging.rabbitmq.message.delivery_tag=",
              "messaging.destination.subscription.name=" + Mp7Server.QUEUE1,
              "io.barterdude.outcome=success")) {
        assertTrue(process.line().contains(attribute), attribute + " in " + process.line());
      }
    }
  }

  private static String describe(Span span) {
    return span.name()
        + " "
        + span.kind()
        + (span.kind().equals("PRODUCER") ? " " + span.spanId() : "");
  }

  private static Received awaitForwarded(Forwarded forwarded, String marker, int count) {
    await("forward " + count)
        .atMost(30, SECONDS)
        .until(() -> forwarded.all(marker).size() >= count);
    return forwarded.all(marker).get(count - 1);
  }

  /** The publish span id in a forwarded message's traceparent, checking its trace id. */
  private static String spanIdIn(Received message, String traceId) {
    String traceparent = String.valueOf(message.properties().getHeaders().get("traceparent"));
    String[] parts = traceparent.split("-");
    assertEquals(traceId, parts[1], traceparent);
    return parts[2];
  }

  private static List<Span> spans(String traceId) throws Exception {
    return Mp7Server.log().stream()
        .map(TracingIT::span)
        .filter(span -> span != null && span.traceId().equals(traceId))
        .toList();
  }

  private static Span span(String line) {
    int start = line.indexOf('\'');
    if (start < 0) {
      return null;
    }
    Matcher matcher = SPAN.matcher(line.substring(start));
    return matcher.matches()
        ? new Span(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4), line)
        : null;
  }

  private static String parent(String traceId) {
    return "00-" + traceId + "-" + traceId.substring(0, 16) + "-01";
  }

  private static AMQP.BasicProperties withHeaders(Map<String, Object> headers) {
    return MessageProperties.PERSISTENT_BASIC.builder().headers(headers).build();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
