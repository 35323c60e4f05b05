package io.barterdude.sample;

import static io.barterdude.sample.MetricsIT.CONNECTION_FAIL;
import static io.barterdude.sample.MetricsIT.delta;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.it.RabbitCtl;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The broker closes the sample's consuming connection (the server's only, by its name {@code
 * sample.connection.name} + {@code -consume}; other clients of the broker keep theirs): BarterDude
 * counts the failure, reconnects, subscribes again and is ready again.
 */
class ConnectionLossIT extends SampleServerTestBase {

  private static final String CONNECTION_NAME =
      System.getProperty("sample.connection.name", "barterdude-sample-it-server");

  @Test
  void countsTheLostConnectionAndRecovers() throws Exception {
    String id = UUID.randomUUID().toString();
    try (ForwardedMessages forwarded = forwarded()) {
      PrometheusMetrics before = PrometheusMetrics.read();

      assertEquals(
          1, RabbitCtl.closeConnectionsNamed(CONNECTION_NAME + "-consume"), "connection closed");
      broker.publish("queue1", "{\"id\":\"" + id + "\"}");

      await(CONNECTION_FAIL + " grew")
          .atMost(30, SECONDS)
          .untilAsserted(
              () -> assertTrue(delta(before, PrometheusMetrics.read(), CONNECTION_FAIL) >= 1));
      await("the message published after the loss forwarded")
          .atMost(60, SECONDS)
          .until(() -> forwarded.count(id) == 1);
    }
    SampleServer.awaitReady(broker);
  }
}
