package io.barterdude.internal.testing;

import io.barterdude.internal.message.JsonCodec;
import io.barterdude.testing.MessageDouble;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed callback request.
 *
 * @param message the message to deliver
 * @param mockBarterDude whether publishes are recorded instead of sent
 */
record CallbackRequest(MessageDouble message, boolean mockBarterDude) {

  static CallbackRequest parse(String text) {
    JsonObject request = readObject(text);
    JsonValue body = request.get("body");
    if (body == null) {
      throw new IllegalArgumentException("the request needs a \"body\" field (the message body)");
    }
    JsonValue headers = request.getOrDefault("headers", JsonValue.EMPTY_JSON_OBJECT);
    if (!(headers instanceof JsonObject headerObject)) {
      throw new IllegalArgumentException("\"headers\" must be a JSON object");
    }
    MessageDouble message = MessageDouble.of(body).withHeaders(plain(headerObject));
    return new CallbackRequest(message, request.getBoolean("should_mock_barterdude", true));
  }

  private static JsonObject readObject(String text) {
    try (JsonReader reader = Json.createReader(new StringReader(text == null ? "" : text))) {
      return reader.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw new IllegalArgumentException("the request must be a JSON object");
    }
  }

  private static Map<String, Object> plain(JsonObject headers) {
    Map<String, Object> values = new LinkedHashMap<>();
    headers.forEach((name, value) -> values.put(name, JsonCodec.toJava(value)));
    return values;
  }
}
