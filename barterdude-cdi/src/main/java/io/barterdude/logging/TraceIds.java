package io.barterdude.logging;

import java.util.Optional;

/**
 * The ids of the calling thread's current span (MicroProfile Telemetry), as BarterDude's log lines
 * carry them: {@code trace_id} and {@code span_id} in every JSON line, {@code [trace_id=...
 * span_id=...]} at the end of its own lines about a failed message.
 *
 * @param traceId the trace id, in lowercase hex as in {@code traceparent}
 * @param spanId the span id, in lowercase hex as in {@code traceparent}
 */
public record TraceIds(String traceId, String spanId) {

  /** Whether the application sees the OpenTelemetry API; the class reading it loads only then. */
  private static final boolean OPENTELEMETRY = present("io.opentelemetry.api.trace.Span");

  /**
   * The current span's ids.
   *
   * @return the ids; empty when no valid span is current or the application does not see the
   *     OpenTelemetry API
   */
  public static Optional<TraceIds> current() {
    return OPENTELEMETRY ? OtelTraceIds.current() : Optional.empty();
  }

  private static boolean present(String type) {
    try {
      Class.forName(type, false, TraceIds.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError absent) {
      return false;
    }
  }
}
