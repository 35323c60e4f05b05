package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import io.barterdude.it.TestApp;
import io.barterdude.it.TestBroker;
import io.barterdude.logging.JsonLogging;
import io.barterdude.logging.TraceIds;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tracing with an OpenTelemetry bean (what MicroProfile Telemetry gives an application): a process
 * span per message, a child of the context in its {@code traceparent} header, current while the
 * handler runs; a publish span whose context the published message carries; the span's ids current
 * on the thread of each log line (the JSON lines write them, see {@code JsonLineHandlerTest}) and
 * at the end of the runtime's line about a failed message. Without the bean, messages go out as
 * before.
 */
class TracingIT {

  static final String IN = "bd-it-tracing-in";
  static final String MIDDLE = "bd-it-tracing-middle";
  static final String OUT = "bd-it-tracing-out";
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String UPSTREAM_SPAN_ID = "00f067aa0ba902b7";
  static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  static final OpenTelemetry TELEMETRY =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(SPANS))
                  .build())
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
          .build();
  static final Logger HANDLER_LOGGER = JsonLogging.getLogger("tracing-it");
  static final Logger HOOK_LOGGER = Logger.getLogger("barterdude.hooks.logging");
  static final Logger RUNTIME_LOGGER = Logger.getLogger("io.barterdude");

  /** A log record and the span ids current on its thread when it was logged. */
  record Line(LogRecord record, Optional<TraceIds> ids) {}

  final List<Line> lines = new CopyOnWriteArrayList<>();

  final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          lines.add(new Line(record, TraceIds.current()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  TestBroker broker;

  /** Stands in for MicroProfile Telemetry's bean. */
  @Singleton
  static class Telemetry {
    @Produces
    OpenTelemetry openTelemetry() {
      return TELEMETRY;
    }
  }

  /**
   * First stage: forwards to {@link #MIDDLE} inside a span of its own and logs; fails on "fail".
   */
  @ApplicationScoped
  static class First {
    @Inject BarterDude barterdude;

    void on(@Observes @Consume(queues = IN, requeueOnFail = false) Message message) {
      if (message.text().equals("\"fail\"")) {
        throw new IllegalStateException("asked to fail");
      }
      TELEMETRY.getTracer("handler").spanBuilder("handler's own work").startSpan().end();
      HANDLER_LOGGER.log(
          Level.INFO, "forwarding", Json.createObjectBuilder().add("step", 1).build());
      barterdude.publish("", MIDDLE, message.json());
    }
  }

  /** Second stage: forwards to {@link #OUT}. */
  @ApplicationScoped
  static class Second {
    @Inject BarterDude barterdude;

    void on(@Observes @Consume(queues = MIDDLE) Message message) {
      barterdude.publish("", OUT, message.json());
    }
  }

  @BeforeEach
  void setUp() {
    SPANS.reset();
    HANDLER_LOGGER.addHandler(capture);
    HOOK_LOGGER.addHandler(capture);
    RUNTIME_LOGGER.addHandler(capture);
    broker = new TestBroker().cleanQueue(IN).cleanQueue(MIDDLE).cleanQueue(OUT);
    broker.declareQueue(OUT);
  }

  @AfterEach
  void tearDown() throws Exception {
    HANDLER_LOGGER.removeHandler(capture);
    HOOK_LOGGER.removeHandler(capture);
    RUNTIME_LOGGER.removeHandler(capture);
    broker.close();
  }

  @Test
  void oneTraceCrossesBothStagesAndTheHandlersSpansAndLinesNestUnderTheProcessSpan()
      throws Exception {
    try (TestApp app = TestApp.start(Telemetry.class, First.class, Second.class)) {
      broker.publish(IN, "{\"n\":1}".getBytes(StandardCharsets.UTF_8), traced());
      GetResponse out = awaitMessage(OUT);
      await().atMost(10, SECONDS).until(() -> SPANS.getFinishedSpanItems().size() == 5);

      SpanData processIn = span("process " + IN);
      SpanData own = span("handler's own work");
      SpanData publishMiddle = span("publish amq.default", MIDDLE);
      SpanData processMiddle = span("process " + MIDDLE);
      SpanData publishOut = span("publish amq.default", OUT);
      SPANS.getFinishedSpanItems().forEach(span -> assertEquals(TRACE_ID, span.getTraceId()));
      assertEquals(UPSTREAM_SPAN_ID, processIn.getParentSpanId());
      assertEquals(processIn.getSpanId(), own.getParentSpanId());
      assertEquals(processIn.getSpanId(), publishMiddle.getParentSpanId());
      assertEquals(publishMiddle.getSpanId(), processMiddle.getParentSpanId());
      assertEquals(processMiddle.getSpanId(), publishOut.getParentSpanId());
      assertEquals(
          "00-" + TRACE_ID + "-" + publishOut.getSpanId() + "-01",
          out.getProps().getHeaders().get("traceparent").toString());

      assertEquals(SpanKind.CONSUMER, processIn.getKind());
      assertEquals("rabbitmq", attribute(processIn, "messaging.system"));
      assertEquals("process", attribute(processIn, "messaging.operation.type"));
      assertEquals("", attribute(processIn, "messaging.destination.name"));
      assertEquals(IN, attribute(processIn, "messaging.rabbitmq.destination.routing_key"));
      assertEquals(IN, attribute(processIn, "messaging.destination.subscription.name"));
      assertEquals("order-1", attribute(processIn, "messaging.message.id"));
      assertTrue(
          processIn
                  .getAttributes()
                  .get(AttributeKey.longKey("messaging.rabbitmq.message.delivery_tag"))
              > 0);
      assertEquals("success", attribute(processIn, "io.barterdude.outcome"));
      assertEquals(SpanKind.PRODUCER, publishMiddle.getKind());
      assertEquals("send", attribute(publishMiddle, "messaging.operation.type"));
      assertEquals("publish", attribute(publishMiddle, "messaging.operation.name"));

      assertEquals(
          Optional.of(new TraceIds(TRACE_ID, processIn.getSpanId())), line("forwarding").ids());
    }
  }

  @Test
  void aFailedMessageEndsItsSpanWithTheErrorAndTheFailureLineCarriesItsIds() {
    try (TestApp app = TestApp.start(Telemetry.class, First.class, Second.class)) {
      broker.publish(IN, "\"fail\"".getBytes(StandardCharsets.UTF_8), traced());
      await().atMost(20, SECONDS).until(() -> SPANS.getFinishedSpanItems().size() == 1);
      SpanData process = span("process " + IN);
      assertEquals(StatusCode.ERROR, process.getStatus().getStatusCode());
      assertEquals("fail", attribute(process, "io.barterdude.outcome"));
      assertEquals("java.lang.IllegalStateException", attribute(process, "error.type"));
      assertEquals(
          Optional.of(new TraceIds(TRACE_ID, process.getSpanId())),
          line("Failed to consume message").ids());
      String runtimeLine =
          lines.stream()
              .map(line -> line.record().getMessage())
              .filter(message -> message.contains("BDCDI0004"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no BDCDI0004 line: " + lines));
      assertTrue(
          runtimeLine.contains("[trace_id=" + TRACE_ID + " span_id=" + process.getSpanId() + "]"),
          runtimeLine);
    }
  }

  @Test
  void withoutAnOpenTelemetryBeanMessagesGoOutUntracedAndLinesCarryNoIds() throws Exception {
    try (TestApp app = TestApp.start(First.class, Second.class)) {
      broker.publish(IN, "{\"n\":2}".getBytes(StandardCharsets.UTF_8), traced());
      GetResponse out = awaitMessage(OUT);
      assertNull(out.getProps().getHeaders(), "no header added");
      await().atMost(10, SECONDS).until(() -> SPANS.getFinishedSpanItems().size() == 1);
      SpanData own = span("handler's own work");
      assertFalse(own.getParentSpanContext().isValid(), "a root span: no process span around it");
      assertFalse(own.getTraceId().equals(TRACE_ID), "the header's context is not picked up");
      assertEquals(Optional.empty(), line("forwarding").ids());
    }
  }

  private static AMQP.BasicProperties traced() {
    return MessageProperties.PERSISTENT_BASIC
        .builder()
        .messageId("order-1")
        .headers(Map.of("traceparent", "00-" + TRACE_ID + "-" + UPSTREAM_SPAN_ID + "-01"))
        .build();
  }

  private GetResponse awaitMessage(String queue) {
    GetResponse[] got = new GetResponse[1];
    await()
        .atMost(20, SECONDS)
        .until(() -> (got[0] = broker.channel().basicGet(queue, true)) != null);
    return got[0];
  }

  private static SpanData span(String name) {
    return SPANS.getFinishedSpanItems().stream()
        .filter(span -> span.getName().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no span " + name + ": " + SPANS.getFinishedSpanItems()));
  }

  private static SpanData span(String name, String routingKey) {
    return SPANS.getFinishedSpanItems().stream()
        .filter(span -> span.getName().equals(name))
        .filter(
            span ->
                routingKey.equals(attribute(span, "messaging.rabbitmq.destination.routing_key")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " to " + routingKey));
  }

  private static String attribute(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  private Line line(String message) {
    return lines.stream()
        .filter(line -> line.record().getMessage().equals(message))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line " + message + ": " + lines));
  }
}
