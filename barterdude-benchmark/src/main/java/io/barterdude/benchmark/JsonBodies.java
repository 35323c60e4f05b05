package io.barterdude.benchmark;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How the hand-written clients parse a body: JSON-P with one shared reader factory, from the body
 * decoded to a string (the way {@code Message.json()} reads it, without the 8 KiB buffer Parsson
 * allocates for each {@code InputStream}); and the pipelines' transformation, a field added.
 */
final class JsonBodies {

  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());
  private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());

  private JsonBodies() {}

  /** The field every pipeline adds to the object it forwards. */
  static final String ADDED_FIELD = "bench_forwarded";

  /** The pipelines' transformation: the object with {@link #ADDED_FIELD} added. */
  static JsonObject transform(JsonValue body) {
    return BUILDERS.createObjectBuilder(body.asJsonObject()).add(ADDED_FIELD, true).build();
  }

  /** A value as UTF-8 JSON, the way BarterDude writes a {@link JsonValue} it publishes. */
  static byte[] bytes(JsonValue value) {
    return value.toString().getBytes(StandardCharsets.UTF_8);
  }

  static JsonValue parse(byte[] body) {
    try (JsonReader reader =
        READERS.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
      return reader.readValue();
    }
  }
}
