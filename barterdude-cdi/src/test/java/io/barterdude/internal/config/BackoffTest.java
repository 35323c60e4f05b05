package io.barterdude.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The one exponential backoff of reconnects, client recovery and resubscriptions. */
class BackoffTest {

  @Test
  void theFirstDelayDoublesAfterEachFailureUpToTheMax() {
    Backoff backoff = new Backoff(Duration.ofMillis(1000), Duration.ofMillis(30_000));
    assertEquals(
        List.of(1000L, 2000L, 4000L, 8000L, 16_000L, 30_000L, 30_000L),
        IntStream.rangeClosed(1, 7).mapToObj(backoff::delayMillis).toList());
  }

  @Test
  void settingsBuildItFromTheReconnectKeys() {
    Backoff backoff =
        Settings.from(
                new SmallRyeConfigBuilder()
                    .withSources(
                        new PropertiesConfigSource(
                            Map.of(
                                "barterdude.reconnect-delay-ms", "250",
                                "barterdude.reconnect-max-delay-ms", "900"),
                            "test",
                            500))
                    .build())
            .reconnect();
    assertEquals(
        List.of(250L, 500L, 900L), List.of(1, 2, 3).stream().map(backoff::delayMillis).toList());
  }

  @Test
  void manyFailuresNeverOverflowPastTheMax() {
    Backoff small = new Backoff(Duration.ofMillis(1), Duration.ofMillis(Integer.MAX_VALUE));
    assertEquals(1L << 30, small.delayMillis(31));
    assertEquals(Integer.MAX_VALUE, small.delayMillis(33));
    assertEquals(Integer.MAX_VALUE, small.delayMillis(Integer.MAX_VALUE));
    Backoff large =
        new Backoff(Duration.ofMillis(Integer.MAX_VALUE), Duration.ofMillis(Integer.MAX_VALUE));
    assertEquals(Integer.MAX_VALUE, large.delayMillis(40));
  }

  @Test
  void aFirstDelayAboveTheMaxIsTheMax() {
    assertEquals(500, new Backoff(Duration.ofMillis(800), Duration.ofMillis(500)).delayMillis(1));
  }
}
