package io.barterdude.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * BarterDude's dead-letter replay route on Open Liberty, {@code POST
 * /barterdude/dead-letters/{queue}/replay}: moves what {@code <queue>.dlq} holds back to the queue,
 * without the reason headers. The IT server turns it on ({@code barterdude.replay.enabled=true},
 * see pom.xml); it is off by default.
 */
class DeadLetterReplayIT extends SampleServerTestBase {

  @Test
  void theRouteMovesDeadLettersBackToTheirQueue() throws Exception {
    String queue = "bd-sample-replay-" + UUID.randomUUID();
    broker.declareQueue(queue);
    broker.declareQueue(queue + ".dlq");
    for (String body : new String[] {"one", "two", "three"}) {
      broker.publish(
          queue + ".dlq",
          body.getBytes(StandardCharsets.UTF_8),
          MessageProperties.PERSISTENT_BASIC
              .builder()
              .headers(
                  Map.of("x-barterdude-exception", "java.lang.IllegalStateException", "kept", 1))
              .build());
    }

    SampleServer.Answer answer = SampleServer.post("/barterdude/dead-letters/" + queue + "/replay");

    assertEquals(200, answer.status(), answer.body());
    assertEquals(3, answer.json().getInt("replayed"));
    assertEquals(0, broker.messageCount(queue + ".dlq"));
    Set<String> bodies = new HashSet<>();
    for (GetResponse moved; (moved = broker.channel().basicGet(queue, true)) != null; ) {
      bodies.add(new String(moved.getBody(), StandardCharsets.UTF_8));
      assertFalse(moved.getProps().getHeaders().containsKey("x-barterdude-exception"));
      assertEquals(1, moved.getProps().getHeaders().get("kept"), "other headers are kept");
    }
    assertEquals(Set.of("one", "two", "three"), bodies);
  }

  @Test
  void aQueueWithoutDeadLetterQueueIsNotFound() throws Exception {
    SampleServer.Answer answer =
        SampleServer.post("/barterdude/dead-letters/bd-sample-no-such-queue/replay");

    assertEquals(404, answer.status(), answer.body());
    assertEquals(
        "no dead-letter queue bd-sample-no-such-queue.dlq", answer.json().getString("error"));
  }
}
