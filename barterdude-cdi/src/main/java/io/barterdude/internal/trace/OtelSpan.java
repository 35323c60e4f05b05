package io.barterdude.internal.trace;

import com.rabbitmq.client.AMQP;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.HashMap;
import java.util.Map;

/** A {@link MessageSpan} that is an OpenTelemetry span. */
final class OtelSpan implements MessageSpan {

  private final Span span;
  private final TextMapPropagator propagator;

  OtelSpan(Span span, TextMapPropagator propagator) {
    this.span = span;
    this.propagator = propagator;
  }

  @Override
  public Scope makeCurrent() {
    return span.makeCurrent()::close;
  }

  @Override
  public AMQP.BasicProperties inject(AMQP.BasicProperties properties) {
    Map<String, Object> headers =
        properties.getHeaders() == null ? new HashMap<>() : new HashMap<>(properties.getHeaders());
    propagator.inject(Context.current().with(span), headers, Map::put);
    return properties.builder().headers(headers).build();
  }

  @Override
  public void end(Throwable failure) {
    span.setAttribute("io.barterdude.outcome", failure == null ? "success" : "fail");
    if (failure != null) {
      span.setAttribute("error.type", failure.getClass().getName());
      span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
      span.recordException(failure);
    }
    span.end();
  }
}
