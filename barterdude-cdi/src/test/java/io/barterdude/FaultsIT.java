package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.hooks.ConnectionFailed;
import io.barterdude.hooks.Healthcheck;
import io.barterdude.internal.runtime.BarterDudeRuntime;
import io.barterdude.it.RabbitCtl;
import io.barterdude.it.TcpProxy;
import io.barterdude.it.TestApp;
import io.barterdude.it.TestBroker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * At-least-once under broker faults: killed connections, a broker restart, a broker unreachable at
 * startup. Runs in a virtual host of its own so that killing its connections spares other clients.
 */
class FaultsIT {

  static final String VHOST = "barterdude-faults";
  static final String QUEUE = "bd-it-faults";
  static final int TOTAL = 10_000;
  static final int PREFETCH = 20;
  static final Map<Integer, AtomicInteger> HANDLED = new ConcurrentHashMap<>();
  static final AtomicInteger CALLS = new AtomicInteger();
  static final List<ConnectionFailed> FAILURES = new CopyOnWriteArrayList<>();
  static final Map<String, String> SETTINGS =
      Map.of(
          "barterdude.virtual-host",
          VHOST,
          "barterdude.prefetch",
          String.valueOf(PREFETCH),
          "barterdude.reconnect-delay-ms",
          "200",
          "barterdude.reconnect-max-delay-ms",
          "2000");

  @BeforeAll
  static void createVirtualHost() {
    RabbitCtl.ensureVhost(VHOST);
  }

  @AfterAll
  static void deleteVirtualHost() {
    RabbitCtl.deleteVhost(VHOST);
  }

  @BeforeEach
  void reset() throws Exception {
    HANDLED.clear();
    CALLS.set(0);
    FAILURES.clear();
    try (TestBroker broker = new TestBroker(VHOST)) {
      broker.channel().queueDelete(QUEUE);
      broker.channel().queueDeclare(QUEUE, true, false, false, null);
    }
  }

  @AfterEach
  void cleanUp() throws Exception {
    try (TestBroker broker = new TestBroker(VHOST)) {
      broker.cleanQueue(QUEUE);
    }
  }

  /** Takes about 5 ms per message, ten at a time. */
  @ApplicationScoped
  static class Counting {
    void on(@Observes @Consume(queues = QUEUE, concurrency = 10) Message message)
        throws InterruptedException {
      Thread.sleep(5);
      HANDLED
          .computeIfAbsent(Integer.valueOf(message.text()), id -> new AtomicInteger())
          .incrementAndGet();
      CALLS.incrementAndGet();
    }

    void failed(@Observes ConnectionFailed event) {
      FAILURES.add(event);
    }
  }

  @Test
  void threeConnectionKillsLoseNothing() throws Exception {
    publishAll();
    long started = System.nanoTime();
    int kills = 0;
    try (TestApp app = TestApp.start(SETTINGS, Counting.class)) {
      for (int threshold : new int[] {1_000, 3_500, 6_000}) {
        await().atMost(60, SECONDS).until(() -> CALLS.get() >= threshold);
        RabbitCtl.closeConnections(VHOST);
        assertTrue(HANDLED.size() < TOTAL, "killed while messages were left");
        kills++;
      }
      await().atMost(120, SECONDS).until(() -> HANDLED.size() == TOTAL);
      BarterDudeRuntime runtime = app.bean(BarterDudeRuntime.class);
      await().atMost(30, SECONDS).until(runtime::isConnected);
      assertEquals(0, runtime.consecutiveConnectionFailures(), "the count resets once back");
      assertTrue(app.bean(Healthcheck.class).status().healthy());
    }
    report("connection kills", kills, started);
    assertTrue(FAILURES.size() >= kills, "a ConnectionFailed event per kill: " + FAILURES.size());
    assertNothingLost(kills);
  }

  @Test
  void aBrokerRestartLosesNothing() throws Exception {
    publishAll();
    long started = System.nanoTime();
    try (TestApp app = TestApp.start(SETTINGS, Counting.class)) {
      await().atMost(60, SECONDS).until(() -> CALLS.get() >= 2_000);
      RabbitCtl.stopApp();
      try {
        BarterDudeRuntime runtime = app.bean(BarterDudeRuntime.class);
        await().atMost(30, SECONDS).until(() -> !runtime.isConnected());
        assertTrue(HANDLED.size() < TOTAL, "restarted while messages were left");
      } finally {
        RabbitCtl.startApp();
      }
      await().atMost(120, SECONDS).until(() -> HANDLED.size() == TOTAL);
    }
    report("broker restart", 1, started);
    assertNothingLost(1);
  }

  @Test
  void aBrokerUnreachableAtStartupIsWaitedFor() throws Exception {
    try (TcpProxy proxy = new TcpProxy()) {
      Map<String, String> settings = new java.util.HashMap<>(SETTINGS);
      settings.put("barterdude.port", String.valueOf(proxy.port()));
      try (TestApp app = TestApp.startUnready(settings, Counting.class)) {
        BarterDudeRuntime runtime = app.bean(BarterDudeRuntime.class);
        await().atMost(20, SECONDS).until(() -> FAILURES.size() >= 2);
        assertTrue(
            !runtime.isConnected() && runtime.consumers().subscriptions().containsValue(false));
        proxy.open();
        await().atMost(20, SECONDS).until(runtime::isConnected);
        try (TestBroker broker = new TestBroker(VHOST)) {
          broker.publish(QUEUE, "7");
        }
        await().atMost(20, SECONDS).until(() -> HANDLED.containsKey(7));
        assertEquals(
            List.of(1, 2), FAILURES.subList(0, 2).stream().map(ConnectionFailed::retries).toList());
      }
    }
  }

  private static void publishAll() throws Exception {
    try (TestBroker broker = new TestBroker(VHOST)) {
      broker.publishAll(QUEUE, IntStream.range(0, TOTAL).mapToObj(String::valueOf).toList());
      assertEquals(TOTAL, broker.messageCount(QUEUE));
    }
  }

  private static void assertNothingLost(int faults) throws Exception {
    assertEquals(TOTAL, HANDLED.size(), "every message handled at least once");
    int duplicates = CALLS.get() - TOTAL;
    assertTrue(
        duplicates <= faults * PREFETCH,
        duplicates + " duplicates; at most the " + PREFETCH + " unacked per fault are redelivered");
    try (TestBroker broker = new TestBroker(VHOST)) {
      await().atMost(10, SECONDS).until(() -> broker.messageCount(QUEUE) == 0);
    }
  }

  private static void report(String fault, int count, long started) {
    System.out.printf(
        "FaultsIT: %s x%d: %d messages, %d handled, %d lost, %d duplicates, %d ms%n",
        fault,
        count,
        TOTAL,
        CALLS.get(),
        TOTAL - HANDLED.size(),
        CALLS.get() - HANDLED.size(),
        (System.nanoTime() - started) / 1_000_000);
  }
}
