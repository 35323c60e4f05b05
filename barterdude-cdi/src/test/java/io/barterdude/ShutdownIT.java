package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.it.Calls;
import io.barterdude.it.TcpProxy;
import io.barterdude.it.TestApp;
import io.barterdude.it.TestBroker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stopping the application while handlers run loses nothing and redelivers nothing handled. */
class ShutdownIT {

  static final String QUEUE = "bd-it-shutdown";
  static final Calls CALLS = new Calls();

  TestBroker broker;

  @BeforeEach
  void cleanBroker() {
    CALLS.clear();
    broker = new TestBroker().cleanQueue(QUEUE);
  }

  @AfterEach
  void closeBroker() throws Exception {
    broker.close();
  }

  @Test
  void aBrokerThatStopsAnsweringCannotHangTheStop() throws Exception {
    long budget = 2_000;
    try (TcpProxy proxy = new TcpProxy()) {
      proxy.open();
      TestApp app =
          TestApp.start(
              Map.of(
                  "barterdude.port", String.valueOf(proxy.port()),
                  "barterdude.shutdown-timeout-ms", String.valueOf(budget)),
              Slow.class);
      proxy.freeze();
      long started = System.nanoTime();
      app.close();
      long tookMillis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(tookMillis < budget + 5_000, "the stop took " + tookMillis + " ms");
    }
  }

  /** Takes 300 ms per message. */
  @ApplicationScoped
  static class Slow {
    void on(@Observes @Consume(queues = QUEUE, concurrency = 3) Message message)
        throws InterruptedException {
      CALLS.enter();
      try {
        Thread.sleep(300);
        CALLS.add(message.text());
      } finally {
        CALLS.exit();
      }
    }
  }

  @Test
  void inFlightHandlersFinishAndUnstartedMessagesReturnToTheQueue() {
    int total = 30;
    TestApp first = TestApp.start(Slow.class);
    IntStream.range(0, total).forEach(i -> broker.publish(QUEUE, String.valueOf(i)));
    await().atMost(20, SECONDS).until(() -> CALLS.running() == 3);
    first.close();
    int handledBeforeStop = CALLS.size();
    assertEquals(0, CALLS.running(), "close() waited for the running handlers");
    assertTrue(handledBeforeStop >= 3 && handledBeforeStop < total, "stopped mid-stream");
    assertEquals(total - handledBeforeStop, broker.messageCount(QUEUE), "the rest is queued");

    try (TestApp second = TestApp.start(Slow.class)) {
      await().atMost(30, SECONDS).until(() -> CALLS.size() >= total);
    }
    Set<String> distinct = new HashSet<>(CALLS.bodies());
    assertEquals(total, distinct.size(), "every message handled");
    assertEquals(total, CALLS.size(), "none handled twice");
  }

  @Test
  void shutdownTimeoutBoundsTheWaitAndTheMessageIsRedelivered() throws Exception {
    TestApp app = TestApp.start(Map.of("barterdude.shutdown-timeout-ms", "100"), Slow.class);
    broker.publish(QUEUE, "late");
    await().atMost(20, SECONDS).until(() -> CALLS.running() == 1);
    long started = System.nanoTime();
    CompletableFuture.runAsync(app::close).get(5, SECONDS);
    assertTrue(System.nanoTime() - started < SECONDS.toNanos(2), "close() did not hang");
    await().atMost(10, SECONDS).until(() -> broker.messageCount(QUEUE) == 1);
  }
}
