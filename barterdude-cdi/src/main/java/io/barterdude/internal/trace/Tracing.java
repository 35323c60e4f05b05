package io.barterdude.internal.trace;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * Starts BarterDude's spans, following the OpenTelemetry messaging conventions for RabbitMQ: a
 * {@code process} span per message, a child of the context in its {@code traceparent} header, and a
 * {@code publish} span per publish, whose context goes into the published messages' headers. There
 * is one only where the application sees OpenTelemetry and a bean of it (MicroProfile Telemetry):
 * see {@link #find(BeanManager)}.
 */
public interface Tracing {

  /**
   * Starts the span of a message a consumer handles.
   *
   * @param queue the queue it came from
   * @param envelope its envelope (exchange, routing key, delivery tag)
   * @param properties its properties, whose headers may carry the publisher's context
   * @return the started span
   */
  MessageSpan startProcess(String queue, Envelope envelope, AMQP.BasicProperties properties);

  /**
   * Starts the span of a publish, a child of the calling thread's current span.
   *
   * @param exchange the exchange
   * @param routingKey the routing key
   * @param properties the messages' properties
   * @param messages how many messages the publish sends
   * @return the started span
   */
  MessageSpan startPublish(
      String exchange, String routingKey, AMQP.BasicProperties properties, int messages);

  /**
   * The tracing of MicroProfile Telemetry, if the application has it.
   *
   * @param beans the application's bean manager
   * @return the tracing, or null when the OpenTelemetry API or its bean is absent
   */
  static Tracing find(BeanManager beans) {
    return openTelemetryVisible() ? OtelTracing.find(beans) : null;
  }

  /** Whether the application sees the OpenTelemetry API; {@link OtelTracing} loads only then. */
  private static boolean openTelemetryVisible() {
    try {
      Class.forName("io.opentelemetry.api.OpenTelemetry", false, Tracing.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError absent) {
      return false;
    }
  }
}
