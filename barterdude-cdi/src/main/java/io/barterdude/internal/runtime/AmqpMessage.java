package io.barterdude.internal.runtime;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import io.barterdude.Message;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** A message received from RabbitMQ; settles at most once through its {@link Settlement}. */
final class AmqpMessage implements Message {

  /** The header counting BarterDude's retries of a message on a classic queue. */
  static final String ATTEMPTS = "x-barterdude-attempts";

  /** The header counting a quorum queue's earlier deliveries of a message. */
  static final String DELIVERY_COUNT = "x-delivery-count";

  private static final byte[] EMPTY = new byte[0];
  private static final AMQP.BasicProperties NO_PROPERTIES = new AMQP.BasicProperties();

  private final String queue;
  private final Envelope envelope;
  private final AMQP.BasicProperties properties;
  private final byte[] body;
  private final JsonCodec codec;
  private final Settlement settlement;
  private final boolean fromBroker;
  private final AtomicBoolean settled = new AtomicBoolean();
  private final AtomicBoolean completed = new AtomicBoolean();
  private JsonValue json;

  AmqpMessage(
      String queue,
      Envelope envelope,
      AMQP.BasicProperties properties,
      byte[] body,
      JsonCodec codec,
      Settlement settlement,
      boolean fromBroker) {
    this.queue = queue;
    this.envelope = envelope;
    this.properties = properties == null ? NO_PROPERTIES : properties;
    this.body = body == null ? EMPTY : body;
    this.codec = codec;
    this.settlement = settlement;
    this.fromBroker = fromBroker;
  }

  @Override
  public byte[] body() {
    return body;
  }

  @Override
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized JsonValue json() {
    if (json == null) {
      json = codec.parse(body);
    }
    return json;
  }

  @Override
  public <T> T bodyAs(Class<T> type) {
    return codec.bind(body, type);
  }

  @Override
  public String queue() {
    return queue;
  }

  @Override
  public AMQP.BasicProperties properties() {
    return properties;
  }

  @Override
  public Map<String, Object> headers() {
    Map<String, Object> headers = properties.getHeaders();
    return headers == null ? Map.of() : headers;
  }

  @Override
  public Envelope envelope() {
    return envelope;
  }

  @Override
  public int deliveryAttempt() {
    return count(headers().get(DELIVERY_COUNT)) + count(headers().get(ATTEMPTS)) + 1;
  }

  private static int count(Object header) {
    return header instanceof Number number ? number.intValue() : 0;
  }

  @Override
  public void accept() {
    if (settled.compareAndSet(false, true)) {
      settlement.ack();
    }
  }

  @Override
  public void reject(boolean requeue) {
    if (settled.compareAndSet(false, true)) {
      settlement.reject(requeue);
    }
  }

  /**
   * Keeps the JSON value validation already parsed, so that {@link #json()} does not parse again.
   */
  synchronized void useParsedJson(JsonValue parsed) {
    json = parsed;
  }

  /** Claims the outcome of this delivery: true for the first caller only (handler or timeout). */
  boolean complete() {
    return completed.compareAndSet(false, true);
  }

  /** Whether the outcome was claimed. */
  boolean isCompleted() {
    return completed.get();
  }

  /** Whether the message came from the broker (not a test double), so it can be republished. */
  boolean isFromBroker() {
    return fromBroker;
  }

  /** Whether the message was accepted or rejected already. */
  boolean isSettled() {
    return settled.get();
  }

  @Override
  public String toString() {
    return "Message[queue=" + queue + ", deliveryTag=" + envelope.getDeliveryTag() + "]";
  }
}
