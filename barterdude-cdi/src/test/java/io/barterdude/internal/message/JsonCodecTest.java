package io.barterdude.internal.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.barterdude.MessageFormatException;
import io.barterdude.validation.MessageValidation;
import io.barterdude.validation.ValidationException;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The codec reads bodies as the public validation does, and converts JSON to plain Java values. */
class JsonCodecTest {

  private final JsonCodec codec = new JsonCodec();
  private final MessageValidation anything = MessageValidation.fromJson("{}");

  @Test
  void parseAndValidationSayTheSameAboutTheSameBadBody() {
    List<byte[]> bodies =
        List.of(
            new byte[0],
            new byte[] {'"', (byte) 0xC3, '"'},
            "{\"a\":1,}".getBytes(StandardCharsets.UTF_8));
    List<String> expected =
        List.of(
            "the message body is empty, not JSON",
            "the message body is not valid UTF-8",
            "the message body is not valid JSON (at offset 7)");
    for (int i = 0; i < bodies.size(); i++) {
      byte[] body = bodies.get(i);
      assertEquals(
          expected.get(i),
          assertThrows(MessageFormatException.class, () -> codec.parse(body)).getMessage());
      assertEquals(
          expected.get(i),
          assertThrows(ValidationException.class, () -> anything.validate(body))
              .violations()
              .get(0)
              .message());
    }
  }

  @Test
  void bindRefusesTheSameUnreadableBodiesAndNamesTheTypeOtherwise() {
    assertEquals(
        "the message body is not valid UTF-8",
        assertThrows(
                MessageFormatException.class,
                () -> codec.bind(new byte[] {(byte) 0xFF}, Integer.class))
            .getMessage());
    assertEquals(
        "the message body is JSON null, which cannot be read as java.lang.Integer",
        assertThrows(
                MessageFormatException.class,
                () -> codec.bind("null".getBytes(StandardCharsets.UTF_8), Integer.class))
            .getMessage());
    assertEquals(42, codec.bind("42".getBytes(StandardCharsets.UTF_8), Integer.class));
  }

  @Test
  void jsonValuesBecomePlainJavaValues() {
    assertEquals("text", JsonCodec.toJava(Json.createValue("text")));
    assertEquals(7L, JsonCodec.toJava(Json.createValue(7)));
    assertEquals(new BigDecimal("0.5"), JsonCodec.toJava(Json.createValue(new BigDecimal("0.5"))));
    assertEquals(true, JsonCodec.toJava(JsonValue.TRUE));
    assertEquals(false, JsonCodec.toJava(JsonValue.FALSE));
    assertEquals("null", JsonCodec.toJava(JsonValue.NULL));
    assertEquals("[1,2]", JsonCodec.toJava(Json.createArrayBuilder().add(1).add(2).build()));
  }
}
