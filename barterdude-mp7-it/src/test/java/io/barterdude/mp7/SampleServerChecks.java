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
 * What the sample WAR, unchanged, does on a server of this module: both consumers consume and
 * forward, and with MicroProfile Telemetry one trace id crosses an upstream publish (this test,
 * with a {@code traceparent} header), the sample's processing of it, its forward, the processing of
 * the forwarded message at the next stage (published back to the sample's second queue, headers and
 * all, as a pipeline's next stage receives it) and that stage's forward: in the forwarded messages'
 * {@code traceparent} headers, and where the server writes its spans to its log ({@code
 * otel.traces.exporter=logging}), in the four spans there.
 */
abstract class SampleServerChecks {

  /** A span line of the logging exporter: 'name' : traceId spanId KIND [tracer: ...] attributes. */
  static final Pattern SPAN =
      Pattern.compile("'([^']+)' : ([0-9a-f]{32}) ([0-9a-f]{16}) ([A-Z]+) .*");

  record Span(String name, String traceId, String spanId, String kind, String line) {}

  static TestBroker broker;

  /** The server under test, ready. */
  abstract SampleServer server();

  @BeforeAll
  static void connect() {
    broker = new TestBroker();
  }

  @AfterAll
  static void disconnect() throws Exception {
    broker.close();
  }

  @Test
  void theConsumersForwardWhatTheyReadFromTheirThreeQueues() throws Exception {
    SampleServer server = server();
    String marker = UUID.randomUUID().toString();
    try (Forwarded forwarded = new Forwarded(broker.connection())) {
      broker.publish(server.queue1(), "{\"from\":\"queue1\",\"marker\":\"" + marker + "\"}");
      broker.publish(server.queue2(), "{\"from\":\"queue2\",\"marker\":\"" + marker + "\"}");
      broker.publish(server.validatedQueue(), "{\"key\":\"" + marker + "\"}");
      await("three messages forwarded")
          .atMost(30, SECONDS)
          .until(
              () ->
                  forwarded.find("\"queue1\",\"marker\":\"" + marker).isPresent()
                      && forwarded.find("\"queue2\",\"marker\":\"" + marker).isPresent()
                      && forwarded.find("\"key\":\"" + marker).isPresent());
    }
    await("every input acknowledged")
        .atMost(30, SECONDS)
        .until(
            () ->
                broker.messageCount(server.queue1()) == 0
                    && broker.messageCount(server.queue2()) == 0);
  }

  @Test
  void oneTraceCrossesPublishConsumeForwardAndTheNextStage() throws Exception {
    SampleServer server = server();
    String traceId = UUID.randomUUID().toString().replace("-", "");
    String marker = UUID.randomUUID().toString();
    try (Forwarded forwarded = new Forwarded(broker.connection())) {
      broker.publish(
          server.queue1(),
          bytes("{\"traced\":\"" + marker + "\"}"),
          MessageProperties.PERSISTENT_BASIC
              .builder()
              .headers(Map.of("traceparent", "00-" + traceId + "-" + traceId.substring(16) + "-01"))
              .build());
      Received first = awaitForwarded(forwarded, marker, 1);
      broker.publish(server.queue2(), bytes(first.body()), first.properties());
      Received second = awaitForwarded(forwarded, marker, 2);

      String firstPublish = spanIdIn(first.properties(), traceId);
      String secondPublish = spanIdIn(second.properties(), traceId);
      assertNotEquals(firstPublish, secondPublish);
      if (!server.spansInLog()) {
        return;
      }
      await("the four spans in the server log")
          .atMost(30, SECONDS)
          .until(() -> spans(traceId).size() >= 4);
      List<Span> spans = spans(traceId);
      List<String> expected =
          List.of(
              "process " + server.queue1() + " CONSUMER",
              "publish my_exchange PRODUCER " + firstPublish,
              "process " + server.queue2() + " CONSUMER",
              "publish my_exchange PRODUCER " + secondPublish);
      assertEquals(
          expected.stream().sorted().toList(),
          spans.stream().map(SampleServerChecks::describe).sorted().toList(),
          spans::toString);
      Span process =
          spans.stream()
              .filter(span -> span.name().equals("process " + server.queue1()))
              .findFirst()
              .orElseThrow();
      for (String attribute :
          List.of(
              "messaging.system=rabbitmq",
              "messaging.operation.type=process",
              "messaging.rabbitmq.message.delivery_tag=",
              "messaging.destination.subscription.name=" + server.queue1(),
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
  private static String spanIdIn(AMQP.BasicProperties properties, String traceId) {
    String traceparent = String.valueOf(properties.getHeaders().get("traceparent"));
    String[] parts = traceparent.split("-");
    assertEquals(traceId, parts[1], traceparent);
    return parts[2];
  }

  private List<Span> spans(String traceId) throws Exception {
    return server().logLines().stream()
        .map(SampleServerChecks::span)
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

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
