package io.barterdude.testing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import io.barterdude.Message;
import io.barterdude.validation.MessageValidation;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.StringReader;
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
public final class MessageDouble implements Message {

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

  @Override
  public byte[] body() {
    return body;
  }

  /** Parses the body as {@link Message#json()} does, at each call. */
  @Override
  public JsonValue json() {
    return MessageValidation.readJson(
        body,
        text -> {
          try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
          }
        });
  }

  /** Binds the body as {@link Message#bodyAs(Class)} does, with a JSON-B instance of its own. */
  @Override
  public <T> T bodyAs(Class<T> type) {
    Jsonb jsonb = JsonbBuilder.create();
    try {
      return type.cast(MessageValidation.readJson(body, type, jsonb));
    } finally {
      close(jsonb);
    }
  }

  private static void close(Jsonb jsonb) {
    try {
      jsonb.close();
    } catch (Exception e) {
      // a test's JSON-B instance: nothing is left to release
    }
  }

  @Override
  public String queue() {
    return queue;
  }

  @Override
  public AMQP.BasicProperties properties() {
    return properties;
  }

  /**
   * An envelope with delivery tag 1, not redelivered, routed by the default exchange to {@link
   * #queue()}.
   */
  @Override
  public Envelope envelope() {
    return new Envelope(1, false, "", queue);
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
