package io.barterdude.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/**
 * Per-consumer keys are read by the same reader as the global ones: same stripping, same ranges,
 * same messages.
 */
class ConsumerOverridesTest {

  private static final String KEY = "barterdude.consumer.orders.";

  static Config config(Map<String, String> values) {
    return new SmallRyeConfigBuilder()
        .withSources(new PropertiesConfigSource(values, "test", 500))
        .build();
  }

  static ConsumerOverrides overrides(Map<String, String> values) {
    return new ConsumerOverrides(config(values), "orders");
  }

  @Test
  void surroundingSpacesAreStrippedFromEveryKind() {
    ConsumerOverrides overrides =
        overrides(
            Map.of(
                KEY + "concurrency", " 7 ",
                KEY + "queues", " a , b ",
                KEY + "requeue-on-fail", "\tFALSE ",
                KEY + "dead-letter", " None ",
                KEY + "validation-schema", "  schemas/order.json "));
    assertEquals(7, overrides.integer("concurrency", 10, 1, Integer.MAX_VALUE));
    assertEquals(List.of("a", "b"), overrides.queues(new String[] {"annotated"}));
    assertFalse(overrides.bool("requeue-on-fail", true));
    assertEquals(Boolean.FALSE, overrides.deadLetter());
    assertEquals("schemas/order.json", overrides.text("validation-schema", ""));
    assertEquals(List.of(), overrides.problems());
  }

  @Test
  void unsetKeysKeepTheAnnotatedValues() {
    ConsumerOverrides overrides = overrides(Map.of());
    assertEquals(10, overrides.integer("concurrency", 10, 1, Integer.MAX_VALUE));
    assertEquals(List.of("annotated"), overrides.queues(new String[] {"annotated"}));
    assertTrue(overrides.bool("enabled", true));
    assertNull(overrides.deadLetter());
    assertEquals(List.of(IllegalStateException.class), noRetryFor(overrides));
    assertEquals(List.of(), overrides.problems());
    assertEquals(3, new ConsumerOverrides(null, "orders").integer("priority", 3, 0, 9));
  }

  @Test
  void anOutOfRangeNumberNamesTheKeyAndTheValueAndKeepsTheAnnotatedOne() {
    ConsumerOverrides overrides = overrides(Map.of(KEY + "prefetch", " 70000 "));
    assertEquals(0, overrides.integer("prefetch", 0, 0, 65_535));
    assertEquals(
        List.of(KEY + "prefetch must be an integer from 0 to 65535, was '70000'"),
        overrides.problems());
  }

  @Test
  void aValueThatIsNotANumberNamesTheKeyAndTheValue() {
    ConsumerOverrides overrides = overrides(Map.of(KEY + "batch-size", "many"));
    assertEquals(10, overrides.integer("batch-size", 10, 1, Integer.MAX_VALUE));
    assertEquals(
        List.of(KEY + "batch-size must be an integer from 1 to 2147483647, was 'many'"),
        overrides.problems());
  }

  @Test
  void aGlobalKeyAndAPerConsumerKeyGiveTheSameMessageForTheSameMistake() {
    String global =
        assertThrows(
                InvalidConfigurationException.class,
                () -> Settings.from(config(Map.of("barterdude.prefetch", " 70000 "))))
            .getMessage();
    assertTrue(
        global.contains("barterdude.prefetch must be an integer from 1 to 65535, was '70000'"),
        global);
    assertEquals(
        7, Settings.from(config(Map.of("barterdude.prefetch", " 7 "))).prefetch(), "stripped");
    ConsumerOverrides overrides = overrides(Map.of(KEY + "prefetch", " 70000 "));
    overrides.integer("prefetch", 0, 1, 65_535);
    assertEquals(
        List.of(KEY + "prefetch must be an integer from 1 to 65535, was '70000'"),
        overrides.problems());
  }

  @Test
  void wordsAndBooleansUseTheGlobalMessages() {
    ConsumerOverrides overrides =
        overrides(Map.of(KEY + "dead-letter", "always", KEY + "enabled", "maybe"));
    assertNull(overrides.deadLetter());
    assertTrue(overrides.bool("enabled", true));
    assertEquals(
        List.of(
            KEY + "dead-letter must be one of [auto, none], was 'always'",
            KEY + "enabled must be true or false, was 'maybe'"),
        overrides.problems());
  }

  @Test
  void aListWithAnEmptyItemIsAProblemNotADroppedItem() {
    ConsumerOverrides overrides = overrides(Map.of(KEY + "queues", "a,,b"));
    assertEquals(List.of("annotated"), overrides.queues(new String[] {"annotated"}));
    assertEquals(
        List.of(KEY + "queues must be a comma-separated list without empty items, was 'a,,b'"),
        overrides.problems());
    String tls =
        assertThrows(
                InvalidConfigurationException.class,
                () ->
                    Settings.from(
                        config(
                            Map.of(
                                "barterdude.tls.enabled", "true",
                                "barterdude.tls.protocols", "TLSv1.3,"))))
            .getMessage();
    assertTrue(
        tls.contains(
            "barterdude.tls.protocols must be a comma-separated list without empty items, was"
                + " 'TLSv1.3,'"),
        tls);
  }

  @Test
  void typesAreStrippedClassNamesOrNone() {
    assertEquals(List.of(), noRetryFor(overrides(Map.of(KEY + "no-retry-for", " none "))));
    ConsumerOverrides overrides =
        overrides(
            Map.of(KEY + "no-retry-for", " java.lang.ArithmeticException , java.lang.String"));
    assertEquals(List.of(ArithmeticException.class), noRetryFor(overrides));
    assertEquals(
        List.of(KEY + "no-retry-for names java.lang.String, which is not a Throwable"),
        overrides.problems());
  }

  @SuppressWarnings("unchecked")
  private static List<Class<? extends Throwable>> noRetryFor(ConsumerOverrides overrides) {
    return overrides.types(
        "no-retry-for",
        new Class[] {IllegalStateException.class},
        Throwable.class,
        ConsumerOverridesTest.class.getClassLoader());
  }
}
