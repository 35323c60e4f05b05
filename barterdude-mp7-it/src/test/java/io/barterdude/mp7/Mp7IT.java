package io.barterdude.mp7;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sample WAR, unchanged, on Open Liberty 26 with Jakarta EE 11 and MicroProfile 7.1, which has
 * no MicroProfile Metrics API and traces through MicroProfile Telemetry 2.1 (see {@link
 * SampleServerChecks}); BarterDude says once that its metrics are off.
 */
class Mp7IT extends SampleServerChecks {

  @BeforeAll
  static void ready() {
    SampleServer.LIBERTY.awaitReady(broker);
  }

  @Override
  SampleServer server() {
    return SampleServer.LIBERTY;
  }

  @Test
  void theMetricsHookIsOffWithOneInfoLineAndTheServerHasNoMetricsEndpoint() throws Exception {
    long lines =
        server().logLines().stream()
            .filter(line -> line.contains("BDCDI0040") && line.contains(" I "))
            .count();
    assertEquals(1, lines, "one INFO line BDCDI0040");
    assertEquals(404, server().status("/metrics"), "no mpMetrics on this server");
  }
}
