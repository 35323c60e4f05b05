package io.barterdude.testing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import io.barterdude.Message;
import io.barterdude.internal.runtime.JsonCodec;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Message} for tests, without a broker: a body, headers and properties of your choice, and
 * a record of every {@link #accept()} and {@link #reject(boolean)} call.
 *
 * <pre>{@code
 * MessageDouble message = MessageDouble.of("{\"key\": \"value\"}").withHeaders(Map.of("x-a", 1));
 * }</pre>
 */
public final class MessageDouble implements Message {

  private static final JsonCodec CODEC = new JsonCodec();

  private final byte[] body;
  private final String queue;
  private final AMQP.BasicProperties properties;
  private final List<Call> calls = new CopyOnWriteArrayList<>();

  private MessageDouble(byte[] body, String queue, AMQP.BasicProperties properties) {
    this.body = body;
    this.queue = queue;
    this.properties = properties;
  }

  /**
   * A message whose body is this text, as UTF-8 bytes (give JSON text for a JSON body).
   *
   * @param text the body
   * @return the double, on queue {@code test}
   */
  public static MessageDouble of(String text) {
    return ofBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A message whose body is a JSON value.
   *
   * @param json the body
   * @return the double, on queue {@code test}
   */
  public static MessageDouble of(JsonValue json) {
    return of(json.toString());
  }

  /**
   * A message with a raw body.
   *
   * @param body the body
   * @return the double, on queue {@code test}
   */
  public static MessageDouble ofBytes(byte[] body) {
    return new MessageDouble(body.clone(), "test", new AMQP.BasicProperties());
  }

  /**
   * The same message with these headers.
   *
   * @param headers the headers
   * @return a new double
   */
  public MessageDouble withHeaders(Map<String, Object> headers) {
    return new MessageDouble(
        body, queue, properties.builder().headers(Map.copyOf(headers)).build());
  }

  /**
   * The same message with these properties.
   *
   * @param newProperties the properties
   * @return a new double
   */
  public MessageDouble withProperties(AMQP.BasicProperties newProperties) {
    return new MessageDouble(body, queue, newProperties);
  }

  /**
   * The same message on another queue.
   *
   * @param newQueue the queue name
   * @return a new double
   */
  public MessageDouble withQueue(String newQueue) {
    return new MessageDouble(body, newQueue, properties);
  }

  /**
   * Every accept and reject call so far, in order.
   *
   * @return the calls
   */
  public List<Call> calls() {
    return List.copyOf(calls);
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
  public JsonValue json() {
    return CODEC.parse(body);
  }

  @Override
  public <T> T bodyAs(Class<T> type) {
    return CODEC.bind(body, type);
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
    return properties.getHeaders() == null ? Map.of() : properties.getHeaders();
  }

  @Override
  public Envelope envelope() {
    return new Envelope(1, false, "", queue);
  }

  @Override
  public int deliveryAttempt() {
    Object attempts = headers().get("x-barterdude-attempts");
    return (attempts instanceof Number number ? number.intValue() : 0) + 1;
  }

  @Override
  public void accept() {
    calls.add(new Call("accept", Map.of()));
  }

  @Override
  public void reject(boolean requeue) {
    calls.add(new Call("reject", Map.of("requeue", requeue)));
  }
}
