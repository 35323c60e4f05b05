package io.barterdude.internal.message;

import io.barterdude.MessageFormatException;
import io.barterdude.validation.MessageValidation;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.StringReader;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads and writes JSON for messages: JSON-P for {@link JsonValue}, JSON-B for objects. One
 * instance per application; thread-safe. Error messages never contain the body.
 */
public final class JsonCodec implements AutoCloseable {

  private final JsonReaderFactory readers = Json.createReaderFactory(Map.of());
  private volatile Jsonb jsonb;

  /**
   * Parses a body as strict UTF-8 JSON.
   *
   * @param body the bytes
   * @return the JSON value
   * @throws MessageFormatException if the body is empty, not UTF-8 or not JSON
   */
  public JsonValue parse(byte[] body) {
    return MessageValidation.readJson(body, this::read);
  }

  private JsonValue read(String text) {
    try (JsonReader reader = readers.createReader(new StringReader(text))) {
      return reader.readValue();
    }
  }

  /**
   * Binds a body to a type with JSON-B.
   *
   * @param body the bytes
   * @param type the type
   * @param <T> the type
   * @return the bound value, never null
   * @throws MessageFormatException if it cannot be bound: empty, not UTF-8, not JSON, JSON {@code
   *     null}, or JSON of another shape
   */
  public <T> T bind(byte[] body, Class<T> type) {
    return type.cast(bind(body, (Type) type));
  }

  /**
   * Binds a body to a possibly generic type with JSON-B.
   *
   * @param body the bytes
   * @param type the type, e.g. {@code List<Order>}
   * @return the bound value, never null
   * @throws MessageFormatException if it cannot be bound (see {@link #bind(byte[], Class)})
   */
  public Object bind(byte[] body, Type type) {
    return MessageValidation.readJson(body, type, jsonb());
  }

  /**
   * Serializes a payload: JSON values as they are, strings as JSON strings, other objects with
   * JSON-B.
   *
   * @param value the payload
   * @return UTF-8 JSON
   */
  public byte[] write(Object value) {
    if (value instanceof JsonValue json) {
      return json.toString().getBytes(StandardCharsets.UTF_8);
    }
    if (value instanceof String text) {
      return Json.createValue(text).toString().getBytes(StandardCharsets.UTF_8);
    }
    if (value == null) {
      return JsonValue.NULL.toString().getBytes(StandardCharsets.UTF_8);
    }
    return jsonb().toJson(value).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A JSON value as a plain Java value, for maps that are not JSON (health check data, message
   * headers): a string as {@link String}, an integral number as {@link Long} (other numbers as
   * {@link java.math.BigDecimal}), {@code true} and {@code false} as {@link Boolean}, anything else
   * (null, arrays, objects) as its JSON text.
   *
   * @param value the JSON value
   * @return the Java value
   */
  public static Object toJava(JsonValue value) {
    if (value instanceof JsonString text) {
      return text.getString();
    }
    if (value instanceof JsonNumber number) {
      return number.isIntegral() ? (Object) number.longValue() : number.bigDecimalValue();
    }
    if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
      return value == JsonValue.TRUE;
    }
    return value.toString();
  }

  @Override
  public void close() {
    if (jsonb != null) {
      try {
        jsonb.close();
      } catch (Exception e) {
        // nothing is left to release
      }
    }
  }

  private Jsonb jsonb() {
    Jsonb current = jsonb;
    if (current == null) {
      synchronized (this) {
        if (jsonb == null) {
          jsonb = JsonbBuilder.create();
        }
        current = jsonb;
      }
    }
    return current;
  }
}
