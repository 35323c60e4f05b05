package io.barterdude.logging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.Optional;

/** Reads {@link TraceIds} from OpenTelemetry; loaded only where the application sees its API. */
final class OtelTraceIds {

  private OtelTraceIds() {}

  static Optional<TraceIds> current() {
    SpanContext context = Span.current().getSpanContext();
    return context.isValid()
        ? Optional.of(new TraceIds(context.getTraceId(), context.getSpanId()))
        : Optional.empty();
  }
}
