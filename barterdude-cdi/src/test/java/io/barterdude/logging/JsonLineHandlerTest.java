package io.barterdude.logging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The JSON line of a record, and one handler per application on a namespace: applications with
 * different names have their own, applications with the same name get one line per record, and one
 * leaving does not take the other's handler.
 */
class JsonLineHandlerTest {

  @Test
  void eachRecordIsOneJsonLineWithTheStructuredFieldsAndTheTraceback() {
    LogRecord record = new LogRecord(Level.SEVERE, "order failed");
    record.setLoggerName("my_app.orders");
    record.setParameters(new Object[] {Json.createObjectBuilder().add("order", 42).build()});
    record.setThrown(new IllegalStateException("no stock"));
    JsonLineHandler handler = JsonLineHandler.install("json_line_test_format");
    String line;
    try {
      line = handler.format(record);
    } finally {
      handler.uninstall();
    }
    assertFalse(line.contains("\n"), "one line");
    JsonObject json = parse(line);
    assertEquals(
        List.of(
            "timestamp",
            "level",
            "logger",
            "app_name",
            "message",
            "order",
            "exception",
            "traceback"),
        List.copyOf(json.keySet()));
    assertEquals("SEVERE", json.getString("level"));
    assertEquals("my_app.orders", json.getString("logger"));
    assertEquals("json_line_test_format", json.getString("app_name"));
    assertEquals("order failed", json.getString("message"));
    assertEquals(42, json.getInt("order"));
    assertEquals("java.lang.IllegalStateException: no stock", json.getString("exception"));
    assertTrue(json.getString("traceback").contains("JsonLineHandlerTest"));
  }

  @Test
  void aLineLoggedInsideASpanCarriesItsIdsAndOneOutsideDoesNot() {
    JsonLineHandler handler = JsonLineHandler.install("json_line_test_trace");
    try (SdkTracerProvider tracer =
        SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create()))
            .build()) {
      Span span = tracer.get("test").spanBuilder("work").startSpan();
      JsonObject inside;
      try (Scope current = span.makeCurrent()) {
        inside = parse(handler.format(new LogRecord(Level.INFO, "inside")));
        assertEquals(
            new TraceIds(span.getSpanContext().getTraceId(), span.getSpanContext().getSpanId()),
            TraceIds.current().orElseThrow());
      } finally {
        span.end();
      }
      assertEquals(span.getSpanContext().getTraceId(), inside.getString("trace_id"));
      assertEquals(span.getSpanContext().getSpanId(), inside.getString("span_id"));
      JsonObject outside = parse(handler.format(new LogRecord(Level.INFO, "outside")));
      assertFalse(outside.containsKey("trace_id"));
      assertTrue(TraceIds.current().isEmpty());
    } finally {
      handler.uninstall();
    }
  }

  @Test
  void applicationsWithDifferentNamesHaveTheirOwnNamespaceAndOneStoppingLeavesTheOther() {
    JsonLineHandler first = JsonLineHandler.install("json_line_test_first");
    JsonLineHandler second = JsonLineHandler.install("json_line_test_second");
    Logger firstNamespace = Logger.getLogger("json_line_test_first");
    Logger secondNamespace = Logger.getLogger("json_line_test_second");
    try {
      assertEquals(List.of(first), List.of(firstNamespace.getHandlers()));
      assertEquals(List.of(second), List.of(secondNamespace.getHandlers()));
      List<String> lines = printed(() -> log("json_line_test_first.orders", "first line"));
      assertEquals(1, lines.size(), lines.toString());
      assertEquals("json_line_test_first", parse(lines.get(0)).getString("app_name"));

      first.uninstall();
      assertEquals(0, firstNamespace.getHandlers().length, "no handler keeps the class loader");
      assertTrue(firstNamespace.getUseParentHandlers(), "back to the server's handlers");
      assertEquals(List.of(second), List.of(secondNamespace.getHandlers()));
      assertFalse(secondNamespace.getUseParentHandlers());
      lines = printed(() -> log("json_line_test_second.orders", "second line"));
      assertEquals(1, lines.size(), lines.toString());
      assertEquals("json_line_test_second", parse(lines.get(0)).getString("app_name"));
    } finally {
      first.uninstall();
      second.uninstall();
    }
  }

  @Test
  void applicationsWithTheSameNameWriteOneLinePerRecordAndEitherMayStopFirst() {
    Logger namespace = Logger.getLogger("json_line_test_same");
    JsonLineHandler first = JsonLineHandler.install("json_line_test_same");
    JsonLineHandler second = JsonLineHandler.install("json_line_test_same");
    JsonLineHandler third = JsonLineHandler.install("json_line_test_same");
    try {
      assertEquals(List.of(first, second, third), List.of(namespace.getHandlers()));
      assertEquals(1, printed(() -> log("json_line_test_same.orders", "shared")).size());

      second.uninstall();
      assertEquals(List.of(first, third), List.of(namespace.getHandlers()));
      first.uninstall();
      assertEquals(List.of(third), List.of(namespace.getHandlers()), "the other's stays");
      assertFalse(namespace.getUseParentHandlers());
      List<String> lines = printed(() -> log("json_line_test_same.orders", "still json"));
      assertEquals(1, lines.size(), lines.toString());
      assertEquals("still json", parse(lines.get(0)).getString("message"));

      third.uninstall();
      assertEquals(0, namespace.getHandlers().length);
      assertTrue(namespace.getUseParentHandlers());
    } finally {
      first.uninstall();
      second.uninstall();
      third.uninstall();
    }
  }

  private static void log(String logger, String message) {
    Logger.getLogger(logger).warning(message);
  }

  /** What the handlers print on standard output while the action runs, line by line. */
  static List<String> printed(Runnable action) {
    PrintStream previous = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, UTF_8));
    try {
      action.run();
    } finally {
      System.setOut(previous);
    }
    return out.toString(UTF_8).lines().toList();
  }

  static JsonObject parse(String line) {
    return Json.createReader(new StringReader(line)).readObject();
  }
}
