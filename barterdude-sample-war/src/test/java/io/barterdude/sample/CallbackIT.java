package io.barterdude.sample;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * BarterDude's callback endpoint on Open Liberty, {@code POST /barterdude/callback/{consumer}}:
 * runs a consumer once on the request's message and answers what the consumer did. The IT server
 * turns it on ({@code barterdude.callback.enabled=true}, see pom.xml); it is off by default.
 */
class CallbackIT extends SampleServerTestBase {

  private static final String YOUR_CONSUMER = "/barterdude/callback/SampleConsumer.yourConsumer";

  @Test
  void failIsRejectedWithoutRequeueAndItsPublishIsOnlyRecorded() throws Exception {
    try (ForwardedMessages forwarded = forwarded()) {
      PrometheusMetrics metricsBefore = PrometheusMetrics.read();
      JsonObject counterBefore = MyCounterHttpHookIT.counter();

      JsonObject answer = callback(request("\"fail\"", true));

      assertEquals(calls(call("reject", "requeue", JsonValue.FALSE)), answer.get("message_calls"));
      assertEquals(calls(publish(Json.createValue("fail"))), answer.get("barterdude_calls"));
      assertEquals(JsonValue.NULL, answer.get("exception"));
      // The consumer's own code ran: the seed's user counter counts the "fail".
      assertEquals(
          1, MetricsIT.delta(metricsBefore, PrometheusMetrics.read(), "fail_total"), "fail_total");
      // And so did the hooks: MyCounterHttpHook counts a message the consumer dropped itself as a
      // success (as for a real delivery, see MyCounterHttpHookIT).
      assertEquals(
          Map.of("consumed", 1L, "success", 1L, "fail", 0L),
          MyCounterHttpHookIT.delta(counterBefore, MyCounterHttpHookIT.counter()));
      assertNothingPublished(forwarded);
    }
  }

  @Test
  void exceptionIsReportedAndTheMessageRequeued() throws Exception {
    try (ForwardedMessages forwarded = forwarded()) {
      JsonObject answer = callback(request("\"exception\"", true));

      assertEquals(calls(call("reject", "requeue", JsonValue.TRUE)), answer.get("message_calls"));
      assertEquals(calls(publish(Json.createValue("exception"))), answer.get("barterdude_calls"));
      assertEquals(
          SampleException.class.getName() + ": the message asked for an exception",
          answer.getString("exception"));
      // Neither the recorded publish nor a retry of the double reached the broker.
      assertNothingPublished(forwarded);
    }
  }

  @Test
  void aRequestWithoutBodyIsABadRequest() throws Exception {
    SampleServer.Answer answer =
        SampleServer.post(YOUR_CONSUMER, "{\"headers\": {}, \"should_mock_barterdude\": true}");

    assertEquals(400, answer.status(), answer.body());
    assertEquals(
        "the request needs a \"body\" field (the message body)", answer.json().getString("error"));
  }

  @Test
  void anUnknownConsumerIsNotFound() throws Exception {
    SampleServer.Answer answer =
        SampleServer.post("/barterdude/callback/SampleConsumer.noSuchMethod", request("1", true));

    assertEquals(404, answer.status(), answer.body());
    String error = answer.json().getString("error");
    assertTrue(error.contains("'SampleConsumer.noSuchMethod'"), error);
    assertTrue(error.contains("SampleConsumer.yourConsumer"), "lists the consumers: " + error);
  }

  @Test
  void withoutTheMockThePublishIsReal() throws Exception {
    String id = UUID.randomUUID().toString();
    try (ForwardedMessages forwarded = forwarded()) {
      JsonObject answer = callback(request("{\"id\":\"" + id + "\"}", false));

      assertEquals(calls(call("accept")), answer.get("message_calls"));
      assertEquals(JsonValue.EMPTY_JSON_ARRAY, answer.get("barterdude_calls"));
      assertEquals(JsonValue.NULL, answer.get("exception"));
      await("published to my_exchange").atMost(30, SECONDS).until(() -> forwarded.count(id) == 1);
    }
  }

  private static String request(String body, boolean mock) {
    return "{\"body\": "
        + body
        + ", \"headers\": {\"x-origin\": \"CallbackIT\"}, \"should_mock_barterdude\": "
        + mock
        + "}";
  }

  private static JsonObject callback(String request) throws Exception {
    SampleServer.Answer answer = SampleServer.post(YOUR_CONSUMER, request);
    assertEquals(200, answer.status(), answer.body());
    return answer.json();
  }

  private static void assertNothingPublished(ForwardedMessages forwarded) {
    await("a queue bound to my_exchange stays empty")
        .during(2, SECONDS)
        .atMost(5, SECONDS)
        .until(() -> forwarded.size() == 0);
  }

  private static JsonObject call(String method) {
    return Json.createObjectBuilder()
        .add("method", method)
        .add("args", JsonValue.EMPTY_JSON_OBJECT)
        .build();
  }

  private static JsonObject call(String method, String argument, JsonValue value) {
    return Json.createObjectBuilder()
        .add("method", method)
        .add("args", Json.createObjectBuilder().add(argument, value))
        .build();
  }

  private static JsonObject publish(JsonValue data) {
    return Json.createObjectBuilder()
        .add("method", "publish")
        .add(
            "args",
            Json.createObjectBuilder()
                .add("exchange", "my_exchange")
                .add("routing_key", "")
                .add("data", data))
        .build();
  }

  private static JsonArray calls(JsonObject... calls) {
    return Json.createArrayBuilder(List.of(calls)).build();
  }
}
