package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import io.barterdude.internal.runtime.BarterDudeRuntime;
import io.barterdude.internal.runtime.DeadLetterResource;
import io.barterdude.it.LogCapture;
import io.barterdude.it.TestApp;
import io.barterdude.it.TestBroker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failure strategies on the real broker: exceptions not worth retrying go straight to the
 * dead-letter queue with their reason, delayed retries wait on the broker (not in memory, and
 * across a restart), dead letters are replayed.
 */
class FailureIT {

  static final String NO_RETRY = "bd-it-failure-noretry";
  static final String UNDECODABLE = "bd-it-failure-undecodable";
  static final String BACKOFF = "bd-it-failure-backoff";
  static final String RESTART = "bd-it-failure-restart";
  static final String REPLAY = "bd-it-failure-replay";
  static final String QUORUM = "bd-it-failure-quorum";
  static final String SECRET = "secret-body-7f3a";

  /** One handler call. */
  record Seen(String queue, String body, int attempt, long nanos, Map<String, Object> headers) {}

  static final List<Seen> SEEN = new CopyOnWriteArrayList<>();
  static volatile boolean replayFails;

  TestBroker broker;

  @BeforeEach
  void cleanBroker() {
    SEEN.clear();
    replayFails = true;
    broker = new TestBroker();
    for (String queue : List.of(NO_RETRY, UNDECODABLE, BACKOFF, RESTART, REPLAY, QUORUM)) {
      broker.cleanQueue(queue).cleanQueue(queue + ".dlq");
    }
    for (long delay : List.of(400, 800, 1600, 3200)) {
      broker.cleanQueue(BACKOFF + ".retry." + delay);
    }
    broker.cleanQueue(QUORUM + ".retry.200").cleanQueue(QUORUM + ".retry.400");
    for (long delay : List.of(1500, 3000, 6000, 12000)) {
      broker.cleanQueue(RESTART + ".retry." + delay);
    }
  }

  @AfterEach
  void closeBroker() throws Exception {
    broker.close();
  }

  @ApplicationScoped
  static class Consumers {
    void noRetry(
        @Observes @Consume(queues = NO_RETRY, noRetryFor = IllegalArgumentException.class)
            Message message) {
      see(message);
      if (message.text().equals("reject")) {
        message.reject(false);
        return;
      }
      throw new IllegalArgumentException("unusable order " + message.headers().get("order-id"));
    }

    void undecodable(@Observes @Consume(queues = UNDECODABLE) Message message) {
      see(message);
      message.json();
    }

    void backoff(
        @Observes
            @Consume(queues = BACKOFF, concurrency = 1, retryDelayMillis = 400, maxAttempts = 5)
            Message message) {
      see(message);
      if (message.text().equals("flaky") && message.deliveryAttempt() < 4) {
        throw new IllegalStateException("not yet");
      }
    }

    void restart(@Observes @Consume(queues = RESTART, name = "restart") Message message) {
      see(message);
      if (message.deliveryAttempt() == 1) {
        throw new IllegalStateException("the first try fails");
      }
    }

    void replay(
        @Observes
            @Consume(
                queues = REPLAY,
                noRetryFor = IllegalStateException.class,
                hooks = {})
            Message message) {
      see(message);
      if (replayFails) {
        throw new IllegalStateException("the downstream service is down");
      }
    }

    void quorum(
        @Observes
            @Consume(queues = QUORUM, name = "quorum", retryDelayMillis = 200, maxAttempts = 2)
            Message message) {
      see(message);
      throw new IllegalStateException("always fails");
    }

    private static void see(Message message) {
      SEEN.add(
          new Seen(
              message.queue(),
              message.text(),
              message.deliveryAttempt(),
              System.nanoTime(),
              message.headers()));
    }
  }

  static List<Seen> seen(String queue) {
    return SEEN.stream().filter(seen -> seen.queue().equals(queue)).toList();
  }

  static Map<String, String> deadLetterAuto() {
    return Map.of("barterdude.dead-letter", "auto");
  }

  GetResponse take(String queue) throws Exception {
    GetResponse response = broker.channel().basicGet(queue, true);
    assertTrue(response != null, "a message in " + queue);
    return response;
  }

  static String header(GetResponse response, String name) {
    return String.valueOf(response.getProps().getHeaders().get(name));
  }

  @Test
  void aNoRetryExceptionGoesStraightToTheDeadLetterQueueWithItsReason() throws Exception {
    try (LogCapture log = new LogCapture("io.barterdude");
        TestApp app = TestApp.start(deadLetterAuto(), Consumers.class)) {
      AMQP.BasicProperties withOrder =
          MessageProperties.PERSISTENT_BASIC.builder().headers(Map.of("order-id", 42)).build();
      broker.publish(NO_RETRY, SECRET.getBytes(StandardCharsets.UTF_8), withOrder);
      await().atMost(20, SECONDS).until(() -> broker.messageCount(NO_RETRY + ".dlq") == 1);
      GetResponse dead = take(NO_RETRY + ".dlq");
      assertEquals(SECRET, new String(dead.getBody(), StandardCharsets.UTF_8));
      assertEquals("java.lang.IllegalArgumentException", header(dead, "x-barterdude-exception"));
      assertEquals("unusable order 42", header(dead, "x-barterdude-exception-message"));
      assertEquals("1", header(dead, "x-fail-tries"));
      assertEquals("Consumers.noRetry", header(dead, "x-barterdude-consumer"));
      assertEquals(NO_RETRY, header(dead, "x-barterdude-queue"));
      assertEquals("42", header(dead, "order-id"), "the message's own headers are kept");
      assertEquals(1, seen(NO_RETRY).size(), "handled once, never retried");
      assertEquals(0, broker.messageCount(NO_RETRY));
      assertTrue(log.text().contains("BDCDI0035"), log.text());
      assertFalse(log.text().contains(SECRET), "no body in the log");

      broker.publish(NO_RETRY, "reject");
      await().atMost(20, SECONDS).until(() -> broker.messageCount(NO_RETRY + ".dlq") == 1);
      GetResponse rejected = take(NO_RETRY + ".dlq");
      assertEquals("reject", new String(rejected.getBody(), StandardCharsets.UTF_8));
      assertTrue(
          rejected.getProps().getHeaders().containsKey("x-death"),
          "the broker dead-lettered a message the handler rejected: BarterDude declared the"
              + " queue with the dead-letter arguments");
    }
  }

  @Test
  void aDeletedQueueIsDeclaredAgainWithItsDeadLetterArguments() throws Exception {
    try (TestApp app = TestApp.start(deadLetterAuto(), Consumers.class)) {
      broker.deleteQueue(NO_RETRY);
      await()
          .atMost(20, SECONDS)
          .ignoreExceptions()
          .until(() -> broker.consumerCount(NO_RETRY) == 1);
      broker.publish(NO_RETRY, "reject");
      await().atMost(20, SECONDS).until(() -> broker.messageCount(NO_RETRY + ".dlq") == 1);
      assertTrue(take(NO_RETRY + ".dlq").getProps().getHeaders().containsKey("x-death"));
    }
  }

  @Test
  void anUndecodableBodyGoesStraightToTheDeadLetterQueueAndAnExistingQueueIsReportedOnce()
      throws Exception {
    broker.channel().queueDeclare(UNDECODABLE, true, false, false, null);
    try (LogCapture log = new LogCapture("io.barterdude");
        TestApp app = TestApp.start(deadLetterAuto(), Consumers.class)) {
      broker.publish(UNDECODABLE, "{\"" + SECRET + "\": ");
      await().atMost(20, SECONDS).until(() -> broker.messageCount(UNDECODABLE + ".dlq") == 1);
      GetResponse dead = take(UNDECODABLE + ".dlq");
      assertEquals(MessageFormatException.class.getName(), header(dead, "x-barterdude-exception"));
      assertTrue(
          header(dead, "x-barterdude-exception-message").contains("not valid JSON"),
          header(dead, "x-barterdude-exception-message"));
      assertFalse(header(dead, "x-barterdude-exception-message").contains(SECRET));
      assertEquals(1, seen(UNDECODABLE).size(), "never retried, as in the Python BarterDude");
      String lines = log.text();
      assertEquals(
          1,
          lines.lines().filter(line -> line.contains("BDCDI0034: queue " + UNDECODABLE)).count(),
          lines);
      assertFalse(lines.contains(SECRET), "no body in the log");
    }
  }

  @Test
  void delayedRetriesBackOffOnTheBrokerWhileOtherMessagesAreHandledAtOnce() throws Exception {
    try (TestApp app = TestApp.start(Map.of("barterdude.prefetch", "1"), Consumers.class)) {
      broker.publish(BACKOFF, "flaky");
      await().atMost(20, SECONDS).until(() -> seen(BACKOFF).size() == 1);
      await().atMost(20, SECONDS).until(() -> broker.messageCount(BACKOFF + ".retry.400") == 1);
      assertEquals(0, broker.messageCount(BACKOFF), "not requeued: it waits in its retry queue");
      broker.publish(BACKOFF, "quick");
      await().atMost(30, SECONDS).until(() -> seen(BACKOFF).size() == 5);
      List<Seen> flaky = seen(BACKOFF).stream().filter(s -> s.body().equals("flaky")).toList();
      assertEquals(List.of(1, 2, 3, 4), flaky.stream().map(Seen::attempt).toList());
      assertEquals("quick", seen(BACKOFF).get(1).body(), "handled before the retry came back");
      long[] delays = {400, 800, 1600};
      for (int i = 1; i < flaky.size(); i++) {
        long gap = TimeUnit.NANOSECONDS.toMillis(flaky.get(i).nanos() - flaky.get(i - 1).nanos());
        assertTrue(gap >= delays[i - 1], "attempt " + (i + 1) + " came " + gap + " ms later");
        assertEquals(String.valueOf(i), String.valueOf(flaky.get(i).headers().get("x-fail-tries")));
      }
      await().atMost(10, SECONDS).until(() -> broker.messageCount(BACKOFF) == 0);
      assertEquals(0, broker.messageCount(BACKOFF + ".retry.1600"));
    }
  }

  @Test
  void onAQuorumQueueDelayedRetriesCountAttemptsAndTheLastGoesToTheDeadLetterQueue()
      throws Exception {
    broker.channel().queueDeclare(QUORUM, true, false, false, Map.of("x-queue-type", "quorum"));
    Map<String, String> settings =
        Map.of("barterdude.dead-letter", "auto", "barterdude.consumer.quorum.max-attempts", "3");
    try (TestApp app = TestApp.start(settings, Consumers.class)) {
      broker.publish(QUORUM, "doomed");
      await().atMost(20, SECONDS).until(() -> broker.messageCount(QUORUM + ".dlq") == 1);
      assertEquals(
          List.of(1, 2, 3),
          seen(QUORUM).stream().map(Seen::attempt).toList(),
          "max-attempts from the configuration wins over the annotation's 2");
      GetResponse dead = take(QUORUM + ".dlq");
      assertEquals("3", header(dead, "x-fail-tries"));
      assertEquals("java.lang.IllegalStateException", header(dead, "x-barterdude-exception"));
      assertEquals("always fails", header(dead, "x-barterdude-exception-message"));
      assertEquals(0, broker.messageCount(QUORUM));
    }
  }

  @Test
  void aMessageWaitingForItsRetryComesBackAfterARestartWithItsAttemptCount() {
    Map<String, String> settings = Map.of("barterdude.consumer.restart.retry-delay-ms", "1500");
    try (TestApp first = TestApp.start(settings, Consumers.class)) {
      broker.publish(RESTART, "again");
      await().atMost(20, SECONDS).until(() -> seen(RESTART).size() == 1);
    }
    assertEquals(
        1,
        broker.messageCount(RESTART + ".retry.1500") + broker.messageCount(RESTART),
        "the message waits on the broker while no application runs");
    try (TestApp second = TestApp.start(settings, Consumers.class)) {
      await().atMost(20, SECONDS).until(() -> seen(RESTART).size() == 2);
      Seen retried = seen(RESTART).get(1);
      assertEquals(2, retried.attempt());
      long gap = TimeUnit.NANOSECONDS.toMillis(retried.nanos() - seen(RESTART).get(0).nanos());
      assertTrue(gap >= 1500, "came back " + gap + " ms later");
      await().atMost(10, SECONDS).until(() -> broker.messageCount(RESTART) == 0);
    }
  }

  @Test
  void replayMovesAThousandDeadLettersBackEachHandledOnce() {
    List<String> bodies = IntStream.range(0, 1000).mapToObj(i -> "letter-" + i).toList();
    try (TestApp app = TestApp.start(deadLetterAuto(), Consumers.class)) {
      broker.publishAll(REPLAY, bodies);
      await().atMost(60, SECONDS).until(() -> broker.messageCount(REPLAY + ".dlq") == 1000);
      int firstPass = seen(REPLAY).size();
      assertEquals(1000, firstPass, "each failed once and was dead-lettered");
      replayFails = false;
      long moved = app.bean(DeadLetters.class).replay(REPLAY);
      assertEquals(1000, moved);
      await().atMost(60, SECONDS).until(() -> seen(REPLAY).size() == 2000);
      List<Seen> replayed = seen(REPLAY).subList(firstPass, 2000);
      assertEquals(
          bodies.stream().sorted().toList(),
          replayed.stream().map(Seen::body).sorted().toList(),
          "each letter handled once more, none lost or doubled");
      assertTrue(replayed.stream().allMatch(seen -> seen.attempt() == 1), "attempts start again");
      assertTrue(
          replayed.stream()
              .noneMatch(seen -> seen.headers().containsKey("x-barterdude-exception")));
      await().atMost(10, SECONDS).until(() -> broker.messageCount(REPLAY) == 0);
      assertEquals(0, broker.messageCount(REPLAY + ".dlq"));
    }
  }

  @Test
  void theReplayRouteIsOffByDefaultAndAsksForItsRole() {
    Map<String, String> settings = new HashMap<>(deadLetterAuto());
    try (TestApp app = TestApp.start(settings, Consumers.class)) {
      assertEquals(404, new DeadLetterRoute(app, true).post(REPLAY).status());
    }
    settings.put("barterdude.replay.enabled", "true");
    settings.put("barterdude.replay.role", "operator");
    try (TestApp app = TestApp.start(settings, Consumers.class)) {
      broker.publishAll(REPLAY, List.of("a", "b", "c"));
      await().atMost(20, SECONDS).until(() -> broker.messageCount(REPLAY + ".dlq") == 3);
      replayFails = false;
      assertEquals(403, new DeadLetterRoute(app, false).post(REPLAY).status());
      assertEquals(3, broker.messageCount(REPLAY + ".dlq"), "a refused call moves nothing");
      DeadLetterResource.Answer answer = new DeadLetterRoute(app, true).post(REPLAY);
      assertEquals(200, answer.status());
      assertEquals("{\"queue\":\"" + REPLAY + "\",\"replayed\":3}", answer.body().toString());
      await().atMost(20, SECONDS).until(() -> seen(REPLAY).size() == 6);
      assertEquals(404, new DeadLetterRoute(app, true).post(NO_RETRY + "-missing").status());
    }
  }

  /** Calls the route's logic as its JAX-RS resource does. */
  static final class DeadLetterRoute {
    private final TestApp app;
    private final boolean operator;

    DeadLetterRoute(TestApp app, boolean operator) {
      this.app = app;
      this.operator = operator;
    }

    DeadLetterResource.Answer post(String queue) {
      return DeadLetterResource.handle(
          app.bean(BarterDudeRuntime.class),
          app.bean(DeadLetters.class),
          queue,
          role -> operator && role.equals("operator"));
    }
  }
}
