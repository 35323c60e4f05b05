package io.barterdude.validation;

import io.barterdude.Message;
import io.barterdude.MessageFormatException;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.leadpony.justify.api.JsonSchema;
import org.leadpony.justify.api.JsonValidationService;
import org.leadpony.justify.api.Problem;
import org.leadpony.justify.api.ProblemHandler;

/**
 * A compiled JSON Schema that validates messages (the Python BarterDude's {@code
 * MessageValidation}), with Justify 3: drafts 4, 6 and 7, chosen by the schema's {@code $schema}
 * (draft 7 when absent). A schema declaring draft 2019-09 or 2020-12 is rewritten as the draft 7
 * schema that means the same ({@code $defs}, {@code dependentRequired}, {@code dependentSchemas},
 * {@code prefixItems}, a {@code $ref} beside other keywords); one using a keyword draft 7 cannot
 * express ({@code unevaluatedProperties}, {@code unevaluatedItems}, {@code minContains}, {@code
 * maxContains}, {@code $anchor}, {@code $recursiveRef}, {@code $dynamicRef}...) is refused, naming
 * the keyword and where it is. As in draft 7, {@code format} is asserted. Thread-safe; compile once
 * and reuse.
 *
 * <pre>{@code
 * MessageValidation validation = MessageValidation.fromResource("schemas/order.json");
 * validation.validate(order); // throws ValidationException
 * barterdude.publish("orders", order);
 * }</pre>
 */
public final class MessageValidation {

  private final JsonSchema schema;

  private MessageValidation(JsonSchema schema) {
    this.schema = schema;
  }

  /**
   * Compiles a schema read from the application's resources (for a WAR: {@code
   * WEB-INF/classes/<path>}, i.e. {@code src/main/resources/<path>}) with the context class loader.
   *
   * @param path the resource path, e.g. {@code schemas/order.json}
   * @return the validation
   * @throws IllegalArgumentException if the resource is missing or not a valid schema
   */
  public static MessageValidation fromResource(String path) {
    return fromResource(path, Thread.currentThread().getContextClassLoader());
  }

  /**
   * Compiles a schema read from a class loader's resources.
   *
   * @param path the resource path, e.g. {@code schemas/order.json}
   * @param loader the class loader to read it with
   * @return the validation
   * @throws IllegalArgumentException if the resource is missing or not a valid schema
   */
  public static MessageValidation fromResource(String path, ClassLoader loader) {
    String name = path.startsWith("/") ? path.substring(1) : path;
    try (InputStream schema = loader.getResourceAsStream(name)) {
      if (schema == null) {
        throw new IllegalArgumentException("schema resource '" + path + "' not found");
      }
      return compile(schema, "resource '" + path + "'");
    } catch (IOException e) {
      throw new IllegalArgumentException("schema resource '" + path + "' cannot be read", e);
    }
  }

  /**
   * Compiles a schema given as JSON text.
   *
   * @param schemaJson the schema
   * @return the validation
   * @throws IllegalArgumentException if the text is not a valid schema
   */
  public static MessageValidation fromJson(String schemaJson) {
    return compile(
        new ByteArrayInputStream(schemaJson.getBytes(StandardCharsets.UTF_8)), "inline schema");
  }

  /**
   * Validates a message's body.
   *
   * @param message the message
   * @return the body parsed as JSON
   * @throws ValidationException if the body is not JSON or does not match
   */
  public JsonValue validate(Message message) {
    return validate(message.body());
  }

  /**
   * Validates UTF-8 JSON bytes while parsing them.
   *
   * @param json the JSON document
   * @return the parsed value
   * @throws ValidationException if the bytes are not JSON or do not match
   */
  public JsonValue validate(byte[] json) {
    List<Problem> problems = new ArrayList<>();
    JsonValue value;
    try {
      value = JsonBodies.read(json, text -> read(text, problems));
    } catch (MessageFormatException e) {
      throw notJson(e.getMessage());
    }
    failOn(problems);
    return value;
  }

  /**
   * Reads a message body as {@link Message#json()}, {@link Message#bodyAs(Class)} and {@link
   * #validate(byte[])} read it: strict UTF-8 (a malformed byte is an error, never replaced by
   * U+FFFD), then the parser's reading of the text, with one set of error messages that never quote
   * the body: {@code the message body is empty, not JSON}, {@code ... is not valid UTF-8}, {@code
   * ... is not valid JSON (at offset 12)}. Public so that BarterDude's delivery pipeline and this
   * class share it, and so that code reading bodies outside a consumer (a dead letter, a stored
   * message) reports bad ones the same way.
   *
   * <pre>{@code
   * JsonValue value = MessageValidation.readJson(body, text -> Json.createReader(
   *     new StringReader(text)).readValue());
   * }</pre>
   *
   * @param body the message body
   * @param parser reads the decoded text; a {@link JsonException} it throws (a {@link
   *     jakarta.json.stream.JsonParsingException} with its offset) becomes the message above, other
   *     exceptions pass unchanged
   * @param <T> what the parser returns
   * @return what the parser returned
   * @throws MessageFormatException if the body is empty, not UTF-8, or not JSON
   */
  public static <T> T readJson(byte[] body, Function<String, T> parser) {
    return JsonBodies.read(body, parser);
  }

  /**
   * Binds a message body to a type with JSON-B as {@link Message#bodyAs(Class)} does: read as
   * {@link #readJson(byte[], Function)} reads it, never bound to null.
   *
   * @param body the message body
   * @param type the type, possibly generic (e.g. {@code List<Order>})
   * @param jsonb the JSON-B instance to bind with
   * @return the bound value, never null
   * @throws MessageFormatException if the body is empty, not UTF-8, not JSON, JSON {@code null}, or
   *     JSON of another shape
   */
  public static Object readJson(byte[] body, Type type, Jsonb jsonb) {
    return JsonBodies.bind(body, type, jsonb);
  }

  private JsonValue read(String text, List<Problem> problems) {
    try (JsonReader reader =
        Service.INSTANCE.createReader(
            new StringReader(text), schema, ProblemHandler.collectingTo(problems))) {
      return reader.readValue();
    }
  }

  /**
   * Validates JSON text.
   *
   * @param json the JSON document
   * @return the parsed value
   * @throws ValidationException if the text is not JSON or does not match
   */
  public JsonValue validate(String json) {
    return validate(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Validates a JSON value, for example before publishing it.
   *
   * @param value the value
   * @throws ValidationException if it does not match
   */
  public void validate(JsonValue value) {
    List<Problem> problems = new ArrayList<>();
    try (JsonReader reader =
        Service.INSTANCE.createReader(
            new StringReader(value.toString()), schema, ProblemHandler.collectingTo(problems))) {
      reader.readValue();
    }
    failOn(problems);
  }

  private static void failOn(List<Problem> problems) {
    if (!problems.isEmpty()) {
      throw new ValidationException(
          problems.stream()
              .map(
                  p ->
                      new ValidationException.Violation(
                          Objects.toString(p.getPointer(), ""), p.getMessage()))
              .toList());
    }
  }

  private static ValidationException notJson(String reason) {
    return new ValidationException(List.of(new ValidationException.Violation("", reason)));
  }

  private static MessageValidation compile(InputStream schema, String what) {
    try (JsonReader reader = Json.createReader(schema)) {
      JsonValue draft7 = Draft7Rewriter.rewrite(reader.readValue());
      return new MessageValidation(
          Service.INSTANCE.readSchema(new StringReader(draft7.toString())));
    } catch (JsonException | IllegalArgumentException e) {
      String reason = String.valueOf(e.getMessage());
      String hint =
          reason.contains("metaschema") || reason.contains("draft-07 equivalent")
              ? " (supported: draft-04, draft-06, draft-07, and 2019-09 and 2020-12 without "
                  + String.join(", ", Draft7Rewriter.UNSUPPORTED.stream().sorted().toList())
                  + ")"
              : "";
      throw new IllegalArgumentException(what + " is not a valid JSON Schema: " + reason + hint, e);
    }
  }

  /** The validation service, created on first use. */
  private static final class Service {
    static final JsonValidationService INSTANCE = JsonValidationService.newInstance();
  }
}
