package io.barterdude.mp7;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.barterdude.it.TestBroker;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sample WAR, unchanged, on Open Liberty 26 with Jakarta EE 11 and MicroProfile 7.1, which has
 * no MicroProfile Metrics API: it deploys, both consumers consume and forward, and BarterDude says
 * once that its metrics are off.
 */
class Mp7IT {

  static TestBroker broker;

  @BeforeAll
  static void ready() {
    broker = new TestBroker();
    Mp7Server.awaitReady(broker);
  }

  @AfterAll
  static void close() throws Exception {
    broker.close();
  }

  @Test
  void theSampleConsumerForwardsWhatItReadsFromBothQueues() throws Exception {
    String marker = UUID.randomUUID().toString();
    try (Forwarded forwarded = new Forwarded(broker.connection())) {
      broker.publish(Mp7Server.QUEUE1, "{\"from\":\"queue1\",\"marker\":\"" + marker + "\"}");
      broker.publish(Mp7Server.QUEUE2, "{\"from\":\"queue2\",\"marker\":\"" + marker + "\"}");
      broker.publish(Mp7Server.VALIDATED, "{\"key\":\"" + marker + "\"}");
      await("three messages forwarded")
          .atMost(30, SECONDS)
          .until(
              () ->
                  forwarded.find("\"queue1\",\"marker\":\"" + marker).isPresent()
                      && forwarded.find("\"queue2\",\"marker\":\"" + marker).isPresent()
                      && forwarded.find("\"key\":\"" + marker).isPresent());
    }
    await("every input acknowledged")
        .atMost(30, SECONDS)
        .until(
            () ->
                broker.messageCount(Mp7Server.QUEUE1) == 0
                    && broker.messageCount(Mp7Server.QUEUE2) == 0);
  }

  @Test
  void theMetricsHookIsOffWithOneInfoLineAndTheServerHasNoMetricsEndpoint() throws Exception {
    long lines =
        Mp7Server.log().stream()
            .filter(line -> line.contains("BDCDI0040") && line.contains(" I "))
            .count();
    assertEquals(1, lines, "one INFO line BDCDI0040");
    assertEquals(404, Mp7Server.status("/metrics"), "no mpMetrics on this server");
  }
}
