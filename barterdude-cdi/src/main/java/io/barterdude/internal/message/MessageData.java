package io.barterdude.internal.message;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import io.barterdude.Message;
import jakarta.json.JsonValue;

/**
 * What a delivered {@link Message} reads: the body (raw, JSON parsed once, JSON-B), queue,
 * properties and envelope. Subclasses decide how a message is settled.
 */
public abstract class MessageData implements Message {

  /** The header counting a message's failed attempts in its earlier copies (the seed's). */
  public static final String FAIL_TRIES = "x-fail-tries";

  /** The header counting a quorum queue's earlier deliveries of a message. */
  public static final String DELIVERY_COUNT = "x-delivery-count";

  private static final byte[] EMPTY = new byte[0];
  private static final AMQP.BasicProperties NO_PROPERTIES = new AMQP.BasicProperties();

  private final String queue;
  private final Envelope envelope;
  private final AMQP.BasicProperties properties;
  private final byte[] body;
  private final JsonCodec codec;
  private JsonValue json;

  /**
   * Creates the message data.
   *
   * @param queue the queue it came from
   * @param envelope its envelope
   * @param properties its properties, or null
   * @param body its body, or null
   * @param codec reads the body as JSON
   */
  protected MessageData(
      String queue,
      Envelope envelope,
      AMQP.BasicProperties properties,
      byte[] body,
      JsonCodec codec) {
    this.queue = queue;
    this.envelope = envelope;
    this.properties = properties == null ? NO_PROPERTIES : properties;
    this.body = body == null ? EMPTY : body;
    this.codec = codec;
  }

  @Override
  public byte[] body() {
    return body;
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
  public Envelope envelope() {
    return envelope;
  }

  /**
   * Keeps the JSON value validation already parsed, so that {@link #json()} does not parse again.
   */
  public synchronized void useParsedJson(JsonValue parsed) {
    json = parsed;
  }
}
