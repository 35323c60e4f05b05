package io.barterdude.internal.message;

import io.barterdude.MessageFormatException;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
    if (body.length == 0) {
      throw new MessageFormatException("the message body is empty, not JSON", null);
    }
    String text = strictUtf8(body);
    try (JsonReader reader = readers.createReader(new StringReader(text))) {
      return reader.readValue();
    } catch (JsonParsingException e) {
      String where =
          e.getLocation() == null ? "" : " (at offset " + e.getLocation().getStreamOffset() + ")";
      throw new MessageFormatException("the message body is not valid JSON" + where, null);
    } catch (RuntimeException e) {
      throw new MessageFormatException("the message body is not valid JSON", null);
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
    if (body.length == 0) {
      throw new MessageFormatException("the message body is empty, not JSON", null);
    }
    Object bound;
    try {
      bound = jsonb().fromJson(strictUtf8(body), type);
    } catch (JsonbException | JsonParsingException e) {
      throw new MessageFormatException(
          "the message body cannot be read as " + type.getTypeName() + ": " + e.getMessage(), null);
    }
    if (bound == null) {
      throw new MessageFormatException(
          "the message body is JSON null, which cannot be read as " + type.getTypeName(), null);
    }
    return bound;
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

  /**
   * Decodes UTF-8, refusing malformed bytes. The common case costs one {@code new String}: only
   * text that contains U+FFFD (which malformed input always produces) is decoded again strictly.
   *
   * @param body the bytes
   * @return the text
   * @throws MessageFormatException if the bytes are not valid UTF-8
   */
  public static String strictUtf8(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.indexOf('\uFFFD') < 0 ? text : strictlyDecoded(body);
  }

  private static String strictlyDecoded(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MessageFormatException("the message body is not valid UTF-8", null);
    }
  }
}
