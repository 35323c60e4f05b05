package io.barterdude.sample;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /counter}: the README's {@code MyCounterHttpHook}, a hook that answers a route. */
class MyCounterHttpHookIT extends SampleServerTestBase {

  @Test
  void countsConsumedSucceededAndFailedMessages() throws Exception {
    String id = UUID.randomUUID().toString();
    try (ForwardedMessages forwarded = forwarded()) {
      JsonObject before = counter();
      for (int i = 0; i < 3; i++) {
        broker.publish("queue1", "{\"id\":\"" + id + "\"}");
      }
      // Handled (the consumer drops it itself, which is a success for the hooks).
      broker.publish("queue1", "\"fail\"");
      // Fails schema validation: a failure, and not requeued.
      broker.publish("validated_queue", "{\"id\":\"" + id + "\"}");

      await("the counts moved by 5 consumed, 4 successes, 1 failure")
          .atMost(30, SECONDS)
          .untilAsserted(
              () ->
                  assertEquals(
                      Map.of("consumed", 5L, "success", 4L, "fail", 1L), delta(before, counter())));
      assertEquals(3, forwarded.count(id), "forwarded with the id");
    }
  }

  /** The sample's {@code GET /counter} now. */
  static JsonObject counter() throws Exception {
    return counter(SampleServer.get("/counter"));
  }

  /** The counts in an answer of {@code GET /counter}. */
  static JsonObject counter(SampleServer.Answer answer) {
    assertEquals(200, answer.status(), answer.body());
    return answer.json();
  }

  /** How much each count of {@code /counter} grew. */
  static Map<String, Long> delta(JsonObject before, JsonObject after) {
    return Map.of(
        "consumed", difference(before, after, "consumed"),
        "success", difference(before, after, "success"),
        "fail", difference(before, after, "fail"));
  }

  private static long difference(JsonObject before, JsonObject after, String key) {
    return after.getJsonNumber(key).longValue() - before.getJsonNumber(key).longValue();
  }
}
