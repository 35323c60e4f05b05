package io.barterdude.benchmark;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How the hand-written clients parse a body: JSON-P with one shared reader factory, from the body
 * decoded to a string (the way {@code Message.json()} reads it, without the 8 KiB buffer Parsson
 * allocates for each {@code InputStream}).
 */
final class JsonBodies {

  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  private JsonBodies() {}

  static JsonValue parse(byte[] body) {
    try (JsonReader reader =
        READERS.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
      return reader.readValue();
    }
  }
}
