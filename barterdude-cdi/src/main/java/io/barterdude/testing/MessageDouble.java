package io.barterdude.testing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import io.barterdude.internal.message.JsonCodec;
import io.barterdude.internal.message.MessageData;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link io.barterdude.Message} for tests, without a broker: a body, headers and properties of
 * your choice, and a record of every {@link #accept()} and {@link #reject(boolean)} call.
 *
 * <pre>{@code
 * MessageDouble message = MessageDouble.of("{\"key\": \"value\"}").withHeaders(Map.of("x-a", 1));
 * }</pre>
 */
public final class MessageDouble extends MessageData {

  private static final JsonCodec CODEC = new JsonCodec();

  private final List<Call> calls = new CopyOnWriteArrayList<>();

  private MessageDouble(byte[] body, String queue, AMQP.BasicProperties properties) {
    super(queue, new Envelope(1, false, "", queue), properties, body, CODEC);
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
    return withProperties(properties().builder().headers(Map.copyOf(headers)).build());
  }

  /**
   * The same message with these properties.
   *
   * @param newProperties the properties
   * @return a new double
   */
  public MessageDouble withProperties(AMQP.BasicProperties newProperties) {
    return new MessageDouble(body(), queue(), newProperties);
  }

  /**
   * The same message on another queue.
   *
   * @param newQueue the queue name
   * @return a new double
   */
  public MessageDouble withQueue(String newQueue) {
    return new MessageDouble(body(), newQueue, properties());
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
  public void accept() {
    calls.add(new Call("accept", Map.of()));
  }

  @Override
  public void reject(boolean requeue) {
    calls.add(new Call("reject", Map.of("requeue", requeue)));
  }
}
