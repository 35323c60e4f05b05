package io.barterdude.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.MessageFormatException;
import jakarta.json.Json;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageValidationTest {

  final MessageValidation seed = MessageValidation.fromResource("schemas/seed.json");
  final MessageValidation order = MessageValidation.fromResource("/schemas/order-draft-07.json");

  @Test
  void theSeedSchemaWorksAsWritten() {
    assertEquals(
        Json.createObjectBuilder().add("key", "v").build(), seed.validate("{\"key\":\"v\"}"));
    ValidationException missing =
        assertThrows(ValidationException.class, () -> seed.validate("{\"other\":1}"));
    assertEquals(1, missing.violations().size());
    assertEquals("", missing.violations().get(0).pointer());
    assertTrue(missing.violations().get(0).message().contains("key"), missing.getMessage());
    ValidationException wrongType =
        assertThrows(ValidationException.class, () -> seed.validate("{\"key\":1}"));
    assertEquals("/key", wrongType.violations().get(0).pointer());
  }

  @Test
  void everyViolationIsReportedWithItsPointerDeepInArrays() {
    String body =
        "{\"id\":\"x\",\"items\":[{\"sku\":\"a\",\"price\":1},{\"sku\":\"b\",\"price\":-5},{\"price\":2}]}";
    ValidationException error = assertThrows(ValidationException.class, () -> order.validate(body));
    assertEquals(
        List.of("/id", "/items/1/price", "/items/2"),
        error.violations().stream().map(ValidationException.Violation::pointer).toList());
    assertTrue(!error.getMessage().contains("\"b\""), "the body is not in the message");
  }

  @Test
  void draft07KeywordsApply() {
    ValidationException error =
        assertThrows(
            ValidationException.class,
            () -> order.validate("{\"id\":1,\"items\":[],\"coupon\":\"X\"}"));
    assertTrue(error.getMessage().contains("discount"), error.getMessage());
  }

  @Test
  void bodiesThatAreNotJsonAreViolationsOfTheWholeDocument() {
    assertEquals(
        "/: the message body is not valid JSON (at offset 4)",
        assertThrows(ValidationException.class, () -> seed.validate("{\"k"))
            .violations()
            .get(0)
            .toString());
    assertEquals(
        "/: the message body is empty, not JSON",
        assertThrows(ValidationException.class, () -> seed.validate(new byte[0]))
            .violations()
            .get(0)
            .toString());
    assertThrows(
        ValidationException.class, () -> seed.validate(new byte[] {'"', (byte) 0xC3, '"'}));
  }

  @Test
  void jsonValuesCanBeValidatedBeforePublishing() {
    seed.validate(Json.createObjectBuilder().add("key", "ok").build());
    assertThrows(
        ValidationException.class,
        () -> seed.validate(Json.createObjectBuilder().add("key", 3).build()));
  }

  @Test
  void inlineSchemasCompile() {
    MessageValidation inline = MessageValidation.fromJson("{\"type\":\"string\"}");
    inline.validate("\"text\"");
    assertThrows(ValidationException.class, () -> inline.validate("3"));
  }

  @Test
  void missingAndInvalidSchemasAreRefusedWithTheReason() {
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> MessageValidation.fromResource("schemas/no.json"));
    assertEquals("schema resource 'schemas/no.json' not found", missing.getMessage());
    IllegalArgumentException broken =
        assertThrows(
            IllegalArgumentException.class,
            () -> MessageValidation.fromResource("schemas/broken.json"));
    assertTrue(
        broken.getMessage().startsWith("resource 'schemas/broken.json' is not a valid JSON Schema"),
        broken.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MessageValidation.fromJson("{not json"));
    IllegalArgumentException unsupported =
        assertThrows(
            IllegalArgumentException.class,
            () -> MessageValidation.fromResource("schemas/unsupported-2019-09.json"));
    assertEquals(
        "resource 'schemas/unsupported-2019-09.json' is not a valid JSON Schema: keyword"
            + " 'unevaluatedProperties' at /properties/a/unevaluatedProperties has no draft-07"
            + " equivalent (supported: draft-04, draft-06, draft-07, and 2019-09 and 2020-12"
            + " without $anchor, $dynamicAnchor, $dynamicRef, $recursiveAnchor, $recursiveRef,"
            + " $vocabulary, maxContains, minContains, unevaluatedItems, unevaluatedProperties)",
        unsupported.getMessage());
  }

  @Test
  void aDraft2019SchemaWorksWithItsOwnKeywords() {
    MessageValidation order2019 = MessageValidation.fromResource("schemas/order-2019-09.json");
    order2019.validate("{\"id\":1,\"items\":[],\"coupon\":\"X\",\"discount\":5}");
    ValidationException noDiscount =
        assertThrows(
            ValidationException.class,
            () -> order2019.validate("{\"id\":1,\"items\":[],\"coupon\":\"X\"}"));
    assertTrue(noDiscount.getMessage().contains("discount"), noDiscount.getMessage());
    ValidationException deep =
        assertThrows(
            ValidationException.class,
            () -> order2019.validate("{\"id\":1,\"items\":[{\"sku\":\"a\",\"price\":-1}]}"));
    assertEquals("/items/0/price", deep.violations().get(0).pointer());
  }

  @Test
  void aDraft2019RefAppliesTogetherWithItsSiblings() {
    MessageValidation quantity =
        MessageValidation.fromJson(
            """
            {"$schema": "https://json-schema.org/draft/2019-09/schema",
             "$defs": {"positive": {"type": "integer", "minimum": 1}},
             "properties": {
               "qty": {"$ref": "#/$defs/positive", "maximum": 10},
               "note": {"const": {"$defs": "data, not a keyword"}}},
             "dependentSchemas": {"gift": {"required": ["wrap"]}},
             "type": "object"}
            """);
    ValidationException tooSmall =
        assertThrows(ValidationException.class, () -> quantity.validate("{\"qty\":0}"));
    assertEquals("/qty", tooSmall.violations().get(0).pointer(), "the $ref applies");
    ValidationException tooBig =
        assertThrows(ValidationException.class, () -> quantity.validate("{\"qty\":11}"));
    assertEquals("/qty", tooBig.violations().get(0).pointer(), "its sibling applies too");
    assertThrows(ValidationException.class, () -> quantity.validate("{\"gift\":true}"));
    quantity.validate(
        "{\"qty\":10,\"gift\":1,\"wrap\":1,\"note\":{\"$defs\":\"data, not a keyword\"}}");
  }

  @Test
  void aDraft2020SchemaWorksWithPrefixItems() {
    MessageValidation pair =
        MessageValidation.fromJson(
            """
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "type": "array",
             "prefixItems": [{"type": "string"}, {"type": "integer"}],
             "items": false}
            """);
    pair.validate("[\"a\", 1]");
    ValidationException wrongType =
        assertThrows(ValidationException.class, () -> pair.validate("[\"a\", \"b\"]"));
    assertEquals("/1", wrongType.violations().get(0).pointer());
    assertThrows(ValidationException.class, () -> pair.validate("[\"a\", 1, 2]"));
  }

  @Test
  void readJsonSaysWhyABodyCannotBeReadWithoutQuotingIt() {
    assertEquals("the message body is empty, not JSON", unreadable(new byte[0]));
    assertEquals(
        "the message body is not valid UTF-8", unreadable(new byte[] {'"', (byte) 0xC3, '"'}));
    assertEquals(
        "the message body is not valid JSON (at offset 13)",
        unreadable("{\"card\":4111,}".getBytes(StandardCharsets.UTF_8)));
    assertEquals(
        Json.createValue("é"),
        MessageValidation.readJson(
            "\"é\"".getBytes(StandardCharsets.UTF_8),
            text -> Json.createReader(new StringReader(text)).readValue()));
  }

  @Test
  void readJsonLetsOtherParserErrorsThrough() {
    IllegalStateException error =
        assertThrows(
            IllegalStateException.class,
            () ->
                MessageValidation.readJson(
                    new byte[] {'1'},
                    text -> {
                      throw new IllegalStateException("not about JSON");
                    }));
    assertEquals("not about JSON", error.getMessage());
  }

  @Test
  void validationReportsUnreadableBodiesWithTheSameMessages() {
    for (byte[] body :
        List.of(new byte[0], new byte[] {(byte) 0xFF}, "[1,".getBytes(StandardCharsets.UTF_8))) {
      assertEquals(
          unreadable(body),
          assertThrows(ValidationException.class, () -> seed.validate(body))
              .violations()
              .get(0)
              .message());
    }
  }

  private static String unreadable(byte[] body) {
    MessageFormatException error =
        assertThrows(
            MessageFormatException.class,
            () ->
                MessageValidation.readJson(
                    body, text -> Json.createReader(new StringReader(text)).readValue()));
    assertFalse(error.getMessage().contains("4111"), error.getMessage());
    return error.getMessage();
  }
}
