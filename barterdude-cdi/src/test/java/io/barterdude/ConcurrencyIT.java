package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.barterdude.it.Calls;
import io.barterdude.it.TestApp;
import io.barterdude.it.TestBroker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Concurrency is real and bounded; a slow message does not hold back the others. */
class ConcurrencyIT {

  static final String BOUNDED = "bd-it-bounded";
  static final String SLOW = "bd-it-slow";
  static final Calls CALLS = new Calls();
  static volatile CountDownLatch release = new CountDownLatch(0);

  TestBroker broker;

  @BeforeEach
  void cleanBroker() {
    CALLS.clear();
    broker = new TestBroker().cleanQueue(BOUNDED).cleanQueue(SLOW);
  }

  @AfterEach
  void closeBroker() throws Exception {
    release.countDown();
    broker.close();
  }

  /** Blocks every handler until the test releases them. */
  @ApplicationScoped
  static class Blocking {
    void on(@Observes @Consume(queues = BOUNDED, concurrency = 4) Message message)
        throws InterruptedException {
      CALLS.enter();
      try {
        release.await();
        CALLS.add(message.text());
      } finally {
        CALLS.exit();
      }
    }
  }

  @Test
  void handlersRunInParallelUpToTheConcurrency() {
    release = new CountDownLatch(1);
    try (TestApp app = TestApp.start(Blocking.class)) {
      IntStream.range(0, 12).forEach(i -> broker.publish(BOUNDED, String.valueOf(i)));
      await().atMost(20, SECONDS).until(() -> CALLS.running() == 4);
      await().during(1, SECONDS).atMost(3, SECONDS).until(() -> CALLS.running() == 4);
      release.countDown();
      await().atMost(20, SECONDS).until(() -> CALLS.size() == 12);
      assertEquals(4, CALLS.maxRunning());
    }
    assertEquals(0, broker.messageCount(BOUNDED));
  }

  /** "slow" blocks until released; everything else is quick. */
  @ApplicationScoped
  static class OneSlow {
    void on(@Observes @Consume(queues = SLOW, concurrency = 2) Message message)
        throws InterruptedException {
      if (message.text().equals("slow")) {
        release.await();
      }
      CALLS.add(message.text());
    }
  }

  @Test
  void aSlowMessageDoesNotHoldBackTheOthers() {
    release = new CountDownLatch(1);
    try (TestApp app = TestApp.start(OneSlow.class)) {
      broker.publish(SLOW, "slow");
      IntStream.range(0, 20).forEach(i -> broker.publish(SLOW, "quick" + i));
      await().atMost(20, SECONDS).until(() -> CALLS.size() == 20);
      assertEquals(0, CALLS.count("slow"));
      release.countDown();
      await().atMost(20, SECONDS).until(() -> CALLS.count("slow") == 1);
    }
  }
}
