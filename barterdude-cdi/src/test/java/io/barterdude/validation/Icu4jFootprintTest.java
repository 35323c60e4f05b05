package io.barterdude.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIf;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * What schema validation needs icu4j for (Justify's only dependency, 13 MB of a WAR). Justify 3.1
 * calls ICU in three places: {@code NonUnicodeRegExpMatcher.isUnicodeIDContinue} (the {@code regex}
 * format: an identity escape such as {@code \.} or {@code \/}), {@code Idna} ({@code idn-hostname},
 * {@code idn-email}) and {@code IdnProperty} (from {@code Idna}). The metaschema gives {@code
 * pattern} and {@code patternProperties} the {@code regex} format, so a schema whose pattern has an
 * identity escape needs ICU to be compiled.
 *
 * <p>The normal build has icu4j; run this class without it with {@code mvn -pl barterdude-cdi test
 * -Dtest=Icu4jFootprintTest -Dmaven.test.dependency.excludes=com.ibm.icu:icu4j}.
 */
class Icu4jFootprintTest {

  static final String COMMON_FORMATS =
      """
      {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": {
          "email": {"type": "string", "format": "email"},
          "at": {"type": "string", "format": "date-time"},
          "day": {"type": "string", "format": "date"},
          "time": {"type": "string", "format": "time"},
          "site": {"type": "string", "format": "uri"},
          "link": {"type": "string", "format": "uri-reference"},
          "host": {"type": "string", "format": "hostname"},
          "ip": {"type": "string", "format": "ipv4"},
          "ip6": {"type": "string", "format": "ipv6"},
          "pointer": {"type": "string", "format": "json-pointer"},
          "iri": {"type": "string", "format": "iri"},
          "expr": {"type": "string", "format": "regex"},
          "code": {"type": "string", "pattern": "^[A-Z]{3}-\\\\d{4}$"},
          "word": {"type": "string", "pattern": "^\\\\w+[-_.]\\\\w+$"},
          "id": {"type": "string", "format": "uuid"}
        },
        "patternProperties": {"^x-[a-z]+$": {"type": "string"}}
      }
      """;

  static final String VALID =
      """
      {"email": "ana@example.com", "at": "2026-12-02T10:15:30Z", "day": "2026-12-02",
       "time": "10:15:30Z", "site": "https://example.com/a?b=c", "link": "../a#b",
       "host": "broker.example.com", "ip": "10.0.0.1", "ip6": "::1", "pointer": "/a/0",
       "iri": "https://b\u00fccher.example/\u00e4", "expr": "^[a-z]+$", "code": "ABC-1234",
       "word": "a_b.c", "id": "not-a-uuid", "x-trace": "t"}
      """;

  static final String INVALID =
      """
      {"email": "ana", "at": "yesterday", "day": "2026-13-02", "time": "25:00:00Z",
       "site": "no scheme", "link": "a b", "host": "-bad-.example", "ip": "10.0.0.256",
       "ip6": "::g", "pointer": "a/0", "iri": "no scheme", "expr": "^[a-z", "code": "AB-1",
       "word": "a b", "x-trace": 1}
      """;

  final MessageValidation common = MessageValidation.fromJson(COMMON_FORMATS);

  static boolean icu4jPresent() {
    try {
      Class.forName("com.ibm.icu.text.IDNA", false, Icu4jFootprintTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  @Test
  void commonFormatsAndPatternsAreAssertedWithOrWithoutIcu4j() {
    assertEquals(16, common.validate(VALID).asJsonObject().size());
    ValidationException error =
        assertThrows(ValidationException.class, () -> common.validate(INVALID));
    List<String> pointers =
        error.violations().stream().map(ValidationException.Violation::pointer).sorted().toList();
    assertEquals(
        List.of(
            "/at",
            "/code",
            "/day",
            "/email",
            "/expr",
            "/host",
            "/ip",
            "/ip6",
            "/iri",
            "/link",
            "/pointer",
            "/site",
            "/time",
            "/word",
            "/x-trace"),
        pointers,
        error.getMessage());
  }

  @Test
  void uuidIsNotADraft7FormatAndIsNotAsserted() {
    assertEquals(
        Json.createObjectBuilder().add("id", "not-a-uuid").build(),
        common.validate("{\"id\":\"not-a-uuid\"}"));
  }

  @Test
  @EnabledIf("icu4jPresent")
  void withIcu4jEscapedPatternsAndIdnFormatsWork() {
    MessageValidation escaped = MessageValidation.fromJson(escapedPattern());
    escaped.validate("\"a.b\"");
    assertThrows(ValidationException.class, () -> escaped.validate("\"axb\""));
    MessageValidation idn = MessageValidation.fromJson(idnFormats());
    idn.validate("{\"host\":\"b\u00fccher.example\",\"mail\":\"j\u00f6rg@b\u00fccher.example\"}");
    assertThrows(ValidationException.class, () -> idn.validate("{\"host\":\"-x-.example\"}"));
    MessageValidation regex = MessageValidation.fromJson(regexFormat());
    regex.validate("\"^a\\\\.b$\"");
  }

  /** Justify's NoClassDefFoundError at compile time: an Error, not IllegalArgumentException. */
  @Test
  @DisabledIf("icu4jPresent")
  void withoutIcu4jAPatternWithAnIdentityEscapeCannotBeCompiled() {
    NoClassDefFoundError error =
        assertThrows(
            NoClassDefFoundError.class, () -> MessageValidation.fromJson(escapedPattern()));
    assertEquals("com/ibm/icu/lang/UCharacter", error.getMessage());
    assertTrue(
        error.getStackTrace()[0].getClassName().endsWith("NonUnicodeRegExpMatcher"),
        error.getStackTrace()[0].toString());
    // escapes that do not need ICU
    MessageValidation.fromJson(
        "{\"pattern\":\"^\\\\d\\\\w\\\\s\\\\b\\\\t\\\\x41\\\\u0041[.\\\\-]$\"}");
  }

  /** Compiles, then validate() throws NoClassDefFoundError from inside the JSON reader. */
  @Test
  @DisabledIf("icu4jPresent")
  void withoutIcu4jIdnFormatsAndEscapedRegexValuesFailWhenAMessageIsValidated() {
    MessageValidation idn = MessageValidation.fromJson(idnFormats());
    NoClassDefFoundError first =
        assertThrows(
            NoClassDefFoundError.class, () -> idn.validate("{\"host\":\"broker.example\"}"));
    assertTrue(
        first.getMessage().equals("com/ibm/icu/text/IDNA")
            || first.getMessage().contains("org.leadpony.justify.internal.base.text.Idna"),
        first.getMessage());
    assertThrows(
        NoClassDefFoundError.class, () -> idn.validate("{\"mail\":\"ana@broker.example\"}"));
    idn.validate("{\"host\":42}"); // not a string: the format does not apply
    MessageValidation regex = MessageValidation.fromJson(regexFormat());
    regex.validate("\"^[a-z]+$\"");
    assertThrows(NoClassDefFoundError.class, () -> regex.validate("\"^a\\\\.b$\""));
  }

  private static String escapedPattern() {
    return "{\"type\":\"string\",\"pattern\":\"^a\\\\.b$\"}";
  }

  private static String idnFormats() {
    return "{\"properties\":{\"host\":{\"format\":\"idn-hostname\"},"
        + "\"mail\":{\"format\":\"idn-email\"}}}";
  }

  private static String regexFormat() {
    return "{\"type\":\"string\",\"format\":\"regex\"}";
  }
}
