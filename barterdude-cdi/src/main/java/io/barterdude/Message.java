package io.barterdude;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One message delivered to a {@link Consume} method.
 *
 * <p>The body is available raw ({@link #body()}), as text ({@link #text()}), parsed as JSON ({@link
 * #json()}) or bound to a type with JSON-B ({@link #bodyAs(Class)}). A body that is not valid JSON
 * is still delivered: the raw accessors work and the JSON accessors throw {@link
 * MessageFormatException}.
 *
 * <p>Settling: the first call to {@link #accept()} or {@link #reject(boolean)} takes effect; later
 * calls are ignored, and BarterDude does not settle a message the handler already settled. A
 * handler that settles nothing gets its message acknowledged when it returns and rejected when it
 * throws.
 */
public interface Message {

  /**
   * The raw body. The array is the message's own: do not modify it.
   *
   * @return the body bytes, empty (never null) when the message has no body
   */
  byte[] body();

  /**
   * The body decoded as UTF-8; malformed bytes become U+FFFD.
   *
   * @return the body as text
   */
  default String text() {
    return new String(body(), StandardCharsets.UTF_8);
  }

  /**
   * The body parsed as JSON, parsed once on first call.
   *
   * @return the JSON value of the body
   * @throws MessageFormatException if the body is empty or not valid UTF-8 JSON
   */
  JsonValue json();

  /**
   * The body bound to a type with JSON-B.
   *
   * @param type the type to bind to
   * @param <T> the type
   * @return a new instance of the type
   * @throws MessageFormatException if the body cannot be bound to that type: it is empty, not
   *     UTF-8, not JSON, JSON {@code null}, or JSON of another shape
   */
  <T> T bodyAs(Class<T> type);

  /**
   * The queue this message was consumed from.
   *
   * @return the queue name
   */
  String queue();

  /**
   * The AMQP properties (content type, message id, headers, ...).
   *
   * @return the properties, never null
   */
  AMQP.BasicProperties properties();

  /**
   * The AMQP headers.
   *
   * @return the headers, empty (never null) when the message has none
   */
  default Map<String, Object> headers() {
    Map<String, Object> headers = properties().getHeaders();
    return headers == null ? Map.of() : headers;
  }

  /**
   * The delivery envelope: delivery tag, redelivered flag, exchange and routing key.
   *
   * @return the envelope
   */
  Envelope envelope();

  /**
   * Which attempt at handling this message this is: 1 for the first delivery, plus one per earlier
   * delivery counted by the broker (quorum queues' {@code x-delivery-count}) or by BarterDude's
   * retries (header {@code x-fail-tries}, as in the Python BarterDude), plus one for a classic
   * queue's redelivery. Retries are often copies of the message (delayed retries always are), so
   * {@code envelope().isRedeliver()} is false there: use this instead.
   *
   * @return the attempt number, from 1
   */
  default int deliveryAttempt() {
    Object brokerCount = headers().get("x-delivery-count");
    int uncountedRedelivery = brokerCount == null && envelope().isRedeliver() ? 1 : 0;
    return count(brokerCount) + count(headers().get("x-fail-tries")) + uncountedRedelivery + 1;
  }

  private static int count(Object header) {
    return header instanceof Number number ? number.intValue() : 0;
  }

  /** Acknowledges the message now, if it was not settled yet. */
  void accept();

  /**
   * Rejects the message now, if it was not settled yet.
   *
   * @param requeue true to put it back on its queue, false to drop it (or dead-letter it)
   */
  void reject(boolean requeue);
}
