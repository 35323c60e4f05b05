package io.barterdude.sample;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * BarterDude's healthcheck: the seed's {@code /healthcheck} route and the MicroProfile Health check
 * {@code barterdude}, healthy and after {@code POST /admin/force-fail}. The IT server turns the
 * admin routes on and keeps a 5 s success-rate window, so failures other tests cause on purpose
 * leave it quickly; each test waits for a healthy server before it starts.
 */
class HealthIT extends SampleServerTestBase {

  private static final String CONSUMER = "consumer.SampleConsumer.yourConsumer";

  @Test
  void healthcheckRouteAnswersTheSeedsBody() throws Exception {
    SampleServer.Answer answer = awaitStatus("/healthcheck", 200);

    JsonObject body = answer.json();
    assertTrue(
        body.keySet().containsAll(Set.of("message", "success", "fail", "status")), body::toString);
    assertEquals("ok", body.getString("status"));
  }

  @Test
  void bothRoutesCountTheMessagesHandled() throws Exception {
    String id = UUID.randomUUID().toString();
    try (ForwardedMessages forwarded = forwarded()) {
      broker.publish("queue1", "{\"id\":\"" + id + "\"}");
      await().atMost(30, SECONDS).until(() -> forwarded.count(id) == 1);
    }
    JsonObject body = awaitStatus("/healthcheck", 200).json();
    assertTrue(body.getInt("success") >= 1, body::toString);
    assertTrue(body.getString("message").startsWith("Success rate: "), body::toString);
    JsonObject data = barterdudeCheck(awaitStatus("/health/ready", 200)).getJsonObject("data");
    assertTrue(data.getInt("success") >= 1, data::toString);
  }

  @Test
  void readinessAndLivenessCarryTheBarterdudeCheck() throws Exception {
    JsonObject ready = barterdudeCheck(awaitStatus("/health/ready", 200));
    assertEquals("UP", ready.getString("status"));
    JsonObject data = ready.getJsonObject("data");
    assertEquals(JsonValue.TRUE, data.get("connected"), data::toString);
    assertEquals("127.0.0.1:5672", data.getString("node.consume"), data::toString);
    assertEquals("127.0.0.1:5672", data.getString("node.publish"), data::toString);
    assertEquals(JsonValue.TRUE, data.get(CONSUMER), data::toString);
    assertEquals("ok", data.getString("status"));

    JsonObject live = barterdudeCheck(awaitStatus("/health/live", 200));
    assertEquals("UP", live.getString("status"));
    assertEquals(JsonValue.FALSE, live.getJsonObject("data").get("forcedFail"), live::toString);
  }

  @Test
  void forcedFailFailsEveryCheckUntilCleared() throws Exception {
    awaitStatus("/healthcheck", 200);
    try {
      assertEquals(204, SampleServer.post("/admin/force-fail").status());

      SampleServer.Answer healthcheck = SampleServer.get("/healthcheck");
      assertEquals(500, healthcheck.status(), healthcheck.body());
      assertEquals("fail", healthcheck.json().getString("status"));
      assertEquals("Healthcheck fail called manually", healthcheck.json().getString("message"));
      for (String path : new String[] {"/health/ready", "/health/live"}) {
        SampleServer.Answer answer = SampleServer.get(path);
        assertEquals(503, answer.status(), path + ": " + answer.body());
        assertEquals("DOWN", answer.json().getString("status"), path);
        assertEquals("DOWN", barterdudeCheck(answer).getString("status"), path);
      }
    } finally {
      assertEquals(204, SampleServer.post("/admin/clear-forced-fail").status());
    }
    awaitStatus("/healthcheck", 200);
    awaitStatus("/health/ready", 200);
    awaitStatus("/health/live", 200);
  }

  private static SampleServer.Answer awaitStatus(String path, int status) {
    return await(path + " answers " + status)
        .atMost(60, SECONDS)
        .ignoreExceptions()
        .until(() -> SampleServer.get(path), answer -> answer.status() == status);
  }

  private static JsonObject barterdudeCheck(SampleServer.Answer answer) {
    return answer.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
        .filter(check -> check.getString("name").equals("barterdude"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no barterdude check in " + answer.body()));
  }
}
