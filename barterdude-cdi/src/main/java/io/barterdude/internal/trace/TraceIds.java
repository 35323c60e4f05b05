package io.barterdude.internal.trace;

/**
 * The ids of the calling thread's current span, for log lines; none where the application does not
 * see the OpenTelemetry API.
 */
public final class TraceIds {

  /** Whether the application sees the OpenTelemetry API; the classes using it load only then. */
  static final boolean OPENTELEMETRY = present("io.opentelemetry.api.trace.Span");

  private TraceIds() {}

  /** A span's trace id and span id, in lowercase hex as in {@code traceparent}. */
  public record Ids(String traceId, String spanId) {}

  /**
   * The current span's ids.
   *
   * @return the ids, or null when no valid span is current
   */
  public static Ids current() {
    return OPENTELEMETRY ? OtelTracing.currentIds() : null;
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
