package io.barterdude.internal.trace;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import io.barterdude.internal.log.BarterDudeLog;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import java.util.Map;

/** {@link Tracing} through the application's OpenTelemetry bean. Loaded only when the API is. */
final class OtelTracing implements Tracing {

  /** Reads the headers of a received message; AMQP strings arrive as LongString. */
  private static final TextMapGetter<Map<String, Object>> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, Object> headers) {
          return headers.keySet();
        }

        @Override
        public String get(Map<String, Object> headers, String key) {
          Object value = headers == null ? null : headers.get(key);
          return value == null ? null : value.toString();
        }
      };

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  private OtelTracing(OpenTelemetry openTelemetry) {
    tracer = openTelemetry.getTracer("io.barterdude");
    propagator = openTelemetry.getPropagators().getTextMapPropagator();
  }

  static Tracing find(BeanManager beans) {
    Instance<OpenTelemetry> openTelemetry = beans.createInstance().select(OpenTelemetry.class);
    if (!openTelemetry.isResolvable()) {
      return null;
    }
    BarterDudeLog.tracingOn();
    return new OtelTracing(openTelemetry.get());
  }

  @Override
  public MessageSpan startProcess(
      String queue, Envelope envelope, AMQP.BasicProperties properties) {
    Map<String, Object> headers = properties.getHeaders();
    Context parent =
        propagator.extract(Context.root(), headers == null ? Map.of() : headers, HEADERS);
    SpanBuilder span =
        messaging(
                tracer.spanBuilder("process " + queue),
                "process",
                "process",
                envelope.getExchange())
            .setParent(parent)
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute("messaging.destination.subscription.name", queue)
            .setAttribute("messaging.rabbitmq.message.delivery_tag", envelope.getDeliveryTag());
    optional(span, "messaging.rabbitmq.destination.routing_key", envelope.getRoutingKey());
    optional(span, "messaging.message.id", properties.getMessageId());
    return new OtelSpan(span.startSpan(), propagator);
  }

  @Override
  public MessageSpan startPublish(
      String exchange, String routingKey, AMQP.BasicProperties properties, int messages) {
    String destination = exchange.isEmpty() ? "amq.default" : exchange;
    SpanBuilder span =
        messaging(tracer.spanBuilder("publish " + destination), "send", "publish", exchange)
            .setSpanKind(SpanKind.PRODUCER);
    optional(span, "messaging.rabbitmq.destination.routing_key", routingKey);
    optional(span, "messaging.message.id", properties.getMessageId());
    if (messages > 1) {
      span.setAttribute("messaging.batch.message_count", messages);
    }
    return new OtelSpan(span.startSpan(), propagator);
  }

  private static SpanBuilder messaging(
      SpanBuilder span, String operationType, String operationName, String exchange) {
    return span.setAttribute("messaging.system", "rabbitmq")
        .setAttribute("messaging.operation.type", operationType)
        .setAttribute("messaging.operation.name", operationName)
        .setAttribute("messaging.destination.name", exchange);
  }

  private static void optional(SpanBuilder span, String attribute, String value) {
    if (value != null && !value.isEmpty()) {
      span.setAttribute(attribute, value);
    }
  }
}
