package io.barterdude.sample;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.barterdude.it.RabbitCtl;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The sample WAR on the Open Liberty server that the build starts (port {@code sample.http.port}),
 * against the RabbitMQ broker on 127.0.0.1:5672. Each test reads what the sample forwards to {@code
 * my_exchange} through a queue of its own, so the tests do not depend on their order.
 */
class SampleConsumerIT extends SampleServerTestBase {

  private static final String FAIL = "\"fail\"";
  private static final String EXCEPTION = "\"exception\"";

  @Test
  void forwardsJsonFromBothQueues() throws Exception {
    String id = UUID.randomUUID().toString();
    try (ForwardedMessages forwarded = forwarded()) {
      broker.publish("queue1", "{\"id\":\"" + id + "-1\"}");
      broker.publish("queue2", "{\"id\":\"" + id + "-2\"}");

      await("forwarded from queue1")
          .atMost(30, SECONDS)
          .until(() -> forwarded.count(id + "-1") == 1);
      await("forwarded from queue2")
          .atMost(30, SECONDS)
          .until(() -> forwarded.count(id + "-2") == 1);
    }
  }

  @Test
  void forwardsFailOnceAndDropsIt() throws Exception {
    try (ForwardedMessages forwarded = forwarded()) {
      broker.publish("queue1", FAIL);

      await("\"fail\" forwarded").atMost(30, SECONDS).until(() -> forwarded.count(FAIL) >= 1);
      await("not redelivered")
          .during(2, SECONDS)
          .atMost(5, SECONDS)
          .until(() -> forwarded.count(FAIL) == 1);
      assertEquals(0, broker.messageCount("queue1"), "messages ready in queue1");
      await("queue1 has no unacknowledged message")
          .atMost(30, SECONDS)
          .until(() -> RabbitCtl.unacknowledged("queue1") == 0);
    }
  }

  @Test
  void requeuesOnException() throws Exception {
    try (ForwardedMessages forwarded = forwarded()) {
      // The sample fails on it and it is requeued, until BarterDude drops it after
      // barterdude.max-attempts deliveries; its TTL, which a requeue keeps, ends the loop anyway.
      broker.publishExpiring("queue2", EXCEPTION, 1500);

      await("\"exception\" forwarded again after a requeue")
          .atMost(30, SECONDS)
          .until(() -> forwarded.count(EXCEPTION) >= 2);
      await("the message expired and the loop stopped")
          .atMost(60, SECONDS)
          .pollInterval(200, MILLISECONDS)
          .until(() -> forwarded.quietMillis() > 1500);
    } finally {
      broker.purge("queue2");
    }
  }
}
