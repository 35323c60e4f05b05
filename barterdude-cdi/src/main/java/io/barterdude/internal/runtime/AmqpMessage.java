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

  private static final byte[] EMPTY = new byte[0];
  private static final AMQP.BasicProperties NO_PROPERTIES = new AMQP.BasicProperties();

  private final String queue;
  private final Envelope envelope;
  private final AMQP.BasicProperties properties;
  private final byte[] body;
  private final JsonCodec codec;
  private final Settlement settlement;
  private final AtomicBoolean settled = new AtomicBoolean();
  private JsonValue json;

  AmqpMessage(
      String queue,
      Envelope envelope,
      AMQP.BasicProperties properties,
      byte[] body,
      JsonCodec codec,
      Settlement settlement) {
    this.queue = queue;
    this.envelope = envelope;
    this.properties = properties == null ? NO_PROPERTIES : properties;
    this.body = body == null ? EMPTY : body;
    this.codec = codec;
    this.settlement = settlement;
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

  /** Whether the message was accepted or rejected already. */
  boolean isSettled() {
    return settled.get();
  }

  @Override
  public String toString() {
    return "Message[queue=" + queue + ", deliveryTag=" + envelope.getDeliveryTag() + "]";
  }
}
