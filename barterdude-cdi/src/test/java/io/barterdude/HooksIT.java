package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.hooks.BeforeConsume;
import io.barterdude.hooks.ConnectionFailed;
import io.barterdude.hooks.ConsumeFailed;
import io.barterdude.hooks.ConsumeSucceeded;
import io.barterdude.hooks.Hook;
import io.barterdude.internal.runtime.BarterDudeRuntime;
import io.barterdude.it.LogCapture;
import io.barterdude.it.TcpProxy;
import io.barterdude.it.TestApp;
import io.barterdude.it.TestBroker;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hooks and lifecycle events: order, selection, isolation and payloads. */
class HooksIT {

  static final String ALL = "bd-it-hooks-all";
  static final String ONLY_FIRST = "bd-it-hooks-first";
  static final String NONE = "bd-it-hooks-none";
  static final String FAILING = "bd-it-hooks-failing";
  static final List<String> TRACE = new CopyOnWriteArrayList<>();
  static final List<Object> EVENTS = new CopyOnWriteArrayList<>();
  static final IllegalStateException BOOM = new IllegalStateException("boom");

  TestBroker broker;

  @BeforeEach
  void cleanBroker() {
    TRACE.clear();
    EVENTS.clear();
    broker =
        new TestBroker()
            .cleanQueue(ALL)
            .cleanQueue(ONLY_FIRST)
            .cleanQueue(NONE)
            .cleanQueue(FAILING);
  }

  @AfterEach
  void closeBroker() throws Exception {
    broker.close();
  }

  /** Records its calls under its name. */
  abstract static class Recording implements Hook {
    abstract String name();

    @Override
    public void beforeConsume(Message message) {
      TRACE.add(name() + ".before:" + message.text());
    }

    @Override
    public void onSuccess(Message message) {
      TRACE.add(name() + ".success:" + message.text());
    }

    @Override
    public void onFail(Message message, Throwable error) {
      TRACE.add(name() + ".fail:" + message.text() + ":" + error.getMessage());
    }

    @Override
    public void onConnectionFail(Throwable error, int retries) {
      TRACE.add(name() + ".connection:" + retries);
    }
  }

  @ApplicationScoped
  @Priority(1)
  static class First extends Recording {
    @Override
    String name() {
      return "first";
    }
  }

  @ApplicationScoped
  @Priority(2)
  static class Second extends Recording {
    @Override
    String name() {
      return "second";
    }
  }

  /** Throws at every moment. */
  @ApplicationScoped
  @Priority(0)
  static class Exploding implements Hook {
    @Override
    public void beforeConsume(Message message) {
      throw BOOM;
    }

    @Override
    public void onSuccess(Message message) {
      throw BOOM;
    }

    @Override
    public void onFail(Message message, Throwable error) {
      throw BOOM;
    }
  }

  @ApplicationScoped
  static class Observers {
    void before(@Observes @Priority(10) BeforeConsume event) {
      TRACE.add("event.before:" + event.message().text());
      EVENTS.add(event);
    }

    void exploding(@Observes @Priority(5) ConsumeSucceeded event) {
      throw BOOM;
    }

    void succeeded(@Observes @Priority(10) ConsumeSucceeded event) {
      TRACE.add("event.success:" + event.message().text());
      EVENTS.add(event);
    }

    void failed(@Observes ConsumeFailed event) {
      TRACE.add("event.fail:" + event.message().text());
      EVENTS.add(event);
    }

    void connection(@Observes ConnectionFailed event) {
      EVENTS.add(event);
    }
  }

  @ApplicationScoped
  static class Consumers {
    void all(@Observes @Consume(queues = ALL) Message message) {
      TRACE.add("handler:" + message.text());
    }

    void failing(@Observes @Consume(queues = FAILING, requeueOnFail = false) Message message) {
      TRACE.add("handler:" + message.text());
      throw new IllegalArgumentException("handler failed");
    }

    void onlyFirst(@Observes @Consume(queues = ONLY_FIRST, hooks = First.class) Message message) {
      TRACE.add("handler:" + message.text());
    }

    void none(
        @Observes
            @Consume(
                queues = NONE,
                hooks = {})
            Message message) {
      TRACE.add("handler:" + message.text());
    }
  }

  @Test
  void hooksThenObserversRunInPriorityOrderAroundTheHandler() {
    try (TestApp app = TestApp.start(First.class, Second.class, Observers.class, Consumers.class)) {
      broker.publish(ALL, "\"ok\"");
      await().atMost(20, SECONDS).until(() -> TRACE.size() == 7);
      assertEquals(
          List.of(
              "first.before:\"ok\"",
              "second.before:\"ok\"",
              "event.before:\"ok\"",
              "handler:\"ok\"",
              "first.success:\"ok\"",
              "second.success:\"ok\"",
              "event.success:\"ok\""),
          TRACE);
      ConsumeSucceeded succeeded = (ConsumeSucceeded) EVENTS.get(1);
      assertEquals("Consumers.all", succeeded.consumer());
      assertTrue(succeeded.duration().toNanos() > 0);
    }
  }

  @Test
  void failureReachesEveryHookAndObserverWithTheError() {
    try (TestApp app = TestApp.start(First.class, Observers.class, Consumers.class)) {
      broker.publish(FAILING, "\"fail\"");
      await().atMost(20, SECONDS).until(() -> TRACE.contains("event.fail:\"fail\""));
      assertEquals(
          List.of(
              "first.before:\"fail\"",
              "event.before:\"fail\"",
              "handler:\"fail\"",
              "first.fail:\"fail\":handler failed",
              "event.fail:\"fail\""),
          TRACE);
      ConsumeFailed failed = (ConsumeFailed) EVENTS.get(1);
      assertEquals("handler failed", failed.error().getMessage());
      assertEquals(IllegalArgumentException.class, failed.error().getClass());
    }
  }

  @Test
  void aConsumerCanNameItsHooksOrNone() {
    try (TestApp app = TestApp.start(First.class, Second.class, Consumers.class)) {
      broker.publish(ONLY_FIRST, "1");
      broker.publish(NONE, "2");
      await().atMost(20, SECONDS).until(() -> TRACE.size() == 4);
      assertEquals(
          List.of("first.before:1", "first.success:1", "handler:1", "handler:2"),
          TRACE.stream().sorted().toList());
    }
  }

  @Test
  void configurationChoosesAConsumersHooks() {
    Map<String, String> settings =
        Map.of(
            "barterdude.consumer.Consumers.all.hooks",
            First.class.getName(),
            "barterdude.consumer.Consumers.onlyFirst.hooks",
            "none");
    try (TestApp app = TestApp.start(settings, First.class, Second.class, Consumers.class)) {
      broker.publish(ALL, "1");
      broker.publish(ONLY_FIRST, "2");
      await().atMost(20, SECONDS).until(() -> TRACE.size() == 4);
      assertEquals(
          List.of("first.before:1", "first.success:1", "handler:1", "handler:2"),
          TRACE.stream().sorted().toList());
    }
  }

  /** A buggy hook: its errors are not exceptions. */
  @ApplicationScoped
  static class ThrowingErrors implements Hook {
    @Override
    public void beforeConsume(Message message) {
      throw new AssertionError("hook bug");
    }

    @Override
    public void onSuccess(Message message) {
      throw new NoClassDefFoundError("missing hook dependency");
    }
  }

  @Test
  void aHookThrowingAnErrorIsLoggedAndCountedAndTheMessageIsStillAcked() {
    try (LogCapture log = new LogCapture("io.barterdude")) {
      try (TestApp app = TestApp.start(ThrowingErrors.class, First.class, Consumers.class)) {
        broker.publish(ALL, "\"one\"");
        await().atMost(20, SECONDS).until(() -> TRACE.contains("first.success:\"one\""));
        assertEquals(2, app.bean(BarterDudeRuntime.class).hookErrors());
      }
      assertEquals(0, broker.messageCount(ALL), "acked: not back in the queue after the close");
      assertTrue(log.text().contains("BDCDI0015"), log.text());
      assertTrue(log.text().contains("missing hook dependency"), log.text());
    }
  }

  @Test
  void anExplodingHookOrObserverChangesNothing() {
    try (TestApp app =
        TestApp.start(Exploding.class, First.class, Observers.class, Consumers.class)) {
      broker.publish(ALL, "\"one\"");
      broker.publish(ALL, "\"two\"");
      await()
          .atMost(20, SECONDS)
          .until(
              () ->
                  TRACE.contains("event.success:\"one\"")
                      && TRACE.contains("event.success:\"two\""));
      assertTrue(TRACE.containsAll(List.of("first.success:\"one\"", "first.success:\"two\"")));
      await().atMost(10, SECONDS).until(() -> broker.messageCount(ALL) == 0);
      assertEquals(1, TRACE.stream().filter("handler:\"one\""::equals).count(), "acked once");
    }
  }

  @Test
  void connectionFailuresReachHooksAndObserversWithTheRetryCount() throws IOException {
    int closedPort = TcpProxy.closedPort();
    Map<String, String> unreachable =
        Map.of(
            "barterdude.port", String.valueOf(closedPort),
            "barterdude.reconnect-delay-ms", "50",
            "barterdude.reconnect-max-delay-ms", "100");
    try (TestApp app = TestApp.startUnready(unreachable, First.class, Observers.class)) {
      await().atMost(20, SECONDS).until(() -> TRACE.contains("first.connection:3"));
      assertEquals(List.of("first.connection:1", "first.connection:2"), TRACE.subList(0, 2));
      ConnectionFailed first = (ConnectionFailed) EVENTS.get(0);
      assertEquals(1, first.retries());
      assertTrue(
          first.error().getMessage().contains("Connection refused"), first.error().toString());
    }
  }

  @Test
  void eventsCarryTheDeliveredMessage() {
    try (TestApp app = TestApp.start(First.class, Observers.class, Consumers.class)) {
      broker.publish(ALL, "\"payload\"");
      await().atMost(20, SECONDS).until(() -> EVENTS.size() == 2);
      BeforeConsume before = (BeforeConsume) EVENTS.get(0);
      ConsumeSucceeded after = (ConsumeSucceeded) EVENTS.get(1);
      assertSame(before.message(), after.message());
      assertEquals(ALL, before.message().queue());
    }
  }
}
