package io.barterdude.validation;

import io.barterdude.MessageFormatException;
import jakarta.json.JsonException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Reads message bodies as strict UTF-8 JSON, and says why one cannot be read in one set of
 * messages, never quoting the body: empty, not valid UTF-8, or not valid JSON (with the offset
 * where the parser stopped). {@link MessageValidation#readJson} is its public face.
 */
final class JsonBodies {

  private JsonBodies() {}

  /**
   * Decodes a non-empty body strictly and hands the text to a JSON parser.
   *
   * @throws MessageFormatException if the body is empty or not UTF-8, or if the parser throws a
   *     {@link JsonException}
   */
  static <T> T read(byte[] body, Function<String, T> parser) {
    if (body.length == 0) {
      throw new MessageFormatException("the message body is empty, not JSON", null);
    }
    String text = strictUtf8(body);
    try {
      return parser.apply(text);
    } catch (JsonParsingException e) {
      String where =
          e.getLocation() == null ? "" : " (at offset " + e.getLocation().getStreamOffset() + ")";
      throw new MessageFormatException("the message body is not valid JSON" + where, null);
    } catch (JsonException e) {
      throw new MessageFormatException("the message body is not valid JSON", null);
    }
  }

  /**
   * Binds a body to a type with JSON-B, never to null.
   *
   * @throws MessageFormatException if the body cannot be read or bound
   */
  static Object bind(byte[] body, Type type, Jsonb jsonb) {
    Object bound =
        read(
            body,
            text -> {
              try {
                return jsonb.fromJson(text, type);
              } catch (JsonbException | JsonParsingException e) {
                throw new MessageFormatException(
                    "the message body cannot be read as "
                        + type.getTypeName()
                        + ": "
                        + e.getMessage(),
                    null);
              }
            });
    if (bound == null) {
      throw new MessageFormatException(
          "the message body is JSON null, which cannot be read as " + type.getTypeName(), null);
    }
    return bound;
  }

  /**
   * Decodes UTF-8, refusing malformed bytes. The common case costs one {@code new String}: only
   * text that contains U+FFFD (which malformed input always produces) is decoded again strictly.
   *
   * @throws MessageFormatException if the bytes are not valid UTF-8
   */
  private static String strictUtf8(byte[] body) {
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
