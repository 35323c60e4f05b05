package io.barterdude.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.barterdude.BarterDude;
import io.barterdude.Consume;
import io.barterdude.Message;
import io.barterdude.internal.runtime.BarterDudeRuntime;
import io.barterdude.internal.testing.Callback;
import io.barterdude.it.TestApp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The callback endpoint's logic: off by default, 400 without a body, the calls recorded. */
class CallbackTest {

  @ApplicationScoped
  static class Consumer {
    @Inject BarterDude barterdude;

    void on(@Observes @Consume(queues = "callback") Message message) {
      barterdude.publish("out", message.json());
      if (message.headers().containsKey("x-fail")) {
        throw new IllegalStateException("asked to fail");
      }
    }
  }

  static Callback.Answer call(Map<String, String> settings, String request) {
    Map<String, String> all = new HashMap<>(settings);
    all.put("barterdude.connect", "false");
    try (TestApp app = TestApp.startUnready(all, Consumer.class)) {
      Callback callback = callback(app);
      return callback.handle("Consumer.on", request, role -> false);
    }
  }

  private static Callback callback(TestApp app) {
    BarterDudeRuntime runtime = app.bean(BarterDudeRuntime.class);
    return new Callback(runtime.settings(), app.bean(TestDeliveries.class), runtime.codec());
  }

  @Test
  void itIsAbsentByDefault() {
    assertEquals(404, call(Map.of(), "{\"body\": 1}").status());
  }

  @Test
  void aMissingBodyIsABadRequest() {
    Map<String, String> enabled = Map.of("barterdude.callback.enabled", "true");
    Callback.Answer answer = call(enabled, "{\"headers\": {}}");
    assertEquals(400, answer.status());
    assertEquals(
        "the request needs a \"body\" field (the message body)", answer.body().getString("error"));
    assertEquals(400, call(enabled, "[1]").status());
  }

  @Test
  void itRunsTheConsumerAndAnswersTheCalls() {
    Callback.Answer answer =
        call(
            Map.of("barterdude.callback.enabled", "true"),
            "{\"body\": {\"k\": \"v\"}, \"headers\": {\"x-fail\": 1},"
                + " \"should_mock_barterdude\": true}");
    assertEquals(200, answer.status());
    JsonObject body = answer.body();
    assertEquals(
        "[{\"method\":\"reject\",\"args\":{\"requeue\":true}}]",
        body.getJsonArray("message_calls").toString());
    JsonObject publish = body.getJsonArray("barterdude_calls").getJsonObject(0);
    assertEquals("publish", publish.getString("method"));
    assertEquals(
        Json.createObjectBuilder()
            .add("exchange", "out")
            .add("routing_key", "")
            .add("data", Json.createObjectBuilder().add("k", "v"))
            .build(),
        publish.getJsonObject("args"));
    assertEquals("java.lang.IllegalStateException: asked to fail", body.getString("exception"));
  }

  @Test
  void anUnknownConsumerIsNotFound() {
    Callback callback;
    try (TestApp app =
        TestApp.startUnready(
            Map.of("barterdude.connect", "false", "barterdude.callback.enabled", "true"),
            Consumer.class)) {
      callback = callback(app);
      assertEquals(404, callback.handle("Nope.none", "{\"body\": 1}", role -> true).status());
    }
  }

  @Test
  void aRoleCanBeRequired() {
    Map<String, String> settings =
        Map.of("barterdude.callback.enabled", "true", "barterdude.callback.role", "tester");
    assertEquals(403, call(settings, "{\"body\": 1}").status());
  }
}
