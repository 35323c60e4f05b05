package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import io.barterdude.internal.runtime.BarterDudeRuntime;
import io.barterdude.it.RabbitNode;
import io.barterdude.it.TestApp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A memory alarm on a RabbitMQ node of the test's own: the broker blocks publishers while consumers
 * keep receiving and acknowledging; publishes fail with the broker's reason after the blocked
 * timeout; a forwarding consumer pauses and, once the alarm clears, forwards everything without
 * losing, dead-lettering or charging an attempt to any message.
 */
class BrokerAlarmIT {

  static final String DRAINED = "bd-it-alarm-drained";
  static final String INPUT = "bd-it-alarm-in";
  static final String OUTPUT = "bd-it-alarm-out";
  static final String DEAD = "bd-it-alarm-dead";
  static final int BACKLOG = 2_000;
  static final Set<String> DRAINED_BODIES = ConcurrentHashMap.newKeySet();
  static final AtomicInteger LATER_ATTEMPTS = new AtomicInteger();

  static RabbitNode node;
  static Connection admin;
  static Channel channel;

  @BeforeAll
  static void startNode() throws Exception {
    RabbitNode.stopStrays();
    node = RabbitNode.startStandalone();
    admin = node.connectionFactory().newConnection("bd-it-alarm-admin");
    channel = admin.createChannel();
    channel.confirmSelect();
  }

  @AfterAll
  static void stopNode() throws Exception {
    try {
      admin.abort();
    } finally {
      node.close();
    }
  }

  @BeforeEach
  void declare() throws Exception {
    DRAINED_BODIES.clear();
    LATER_ATTEMPTS.set(0);
    for (String queue : new String[] {DRAINED, INPUT, OUTPUT, DEAD}) {
      channel.queueDelete(queue);
    }
    channel.queueDeclare(DEAD, true, false, false, null);
    channel.queueDeclare(
        INPUT,
        true,
        false,
        false,
        Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", DEAD));
    channel.queueDeclare(OUTPUT, true, false, false, null);
    channel.queueDeclare(DRAINED, true, false, false, null);
  }

  /** Drains one queue; forwards another to the output queue. */
  @ApplicationScoped
  static class Consumers {
    @Inject BarterDude barterdude;

    void drain(@Observes @Consume(queues = DRAINED) Message message) {
      DRAINED_BODIES.add(message.text());
    }

    void forward(@Observes @Consume(queues = INPUT) Message message) {
      if (message.deliveryAttempt() > 1) {
        LATER_ATTEMPTS.incrementAndGet();
      }
      barterdude.publish("", OUTPUT, message.json());
    }
  }

  @Test
  void consumersKeepAckingWhilePublishesFailWithTheBrokersReason() throws Exception {
    publishBacklog(DRAINED);
    try (TestApp app = TestApp.startUnready(settings(), Consumers.class)) {
      BarterDudeRuntime runtime = app.bean(BarterDudeRuntime.class);
      await().atMost(20, SECONDS).until(runtime::isConnected);
      BarterDude barterdude = app.bean(BarterDude.class);
      try {
        node.setMemoryHighWatermark(0.0001);
        PublishException blocked = blockedPublish(barterdude, runtime);
        assertEquals(PublishException.Reason.BLOCKED, blocked.reason());
        assertTrue(blocked.getMessage().contains("memory"), blocked.getMessage());
        await().atMost(30, SECONDS).until(() -> DRAINED_BODIES.size() == BACKLOG);
        await().atMost(10, SECONDS).until(() -> messages(DRAINED) == 0);
        long started = System.nanoTime();
        assertThrows(PublishException.class, () -> barterdude.publish("", OUTPUT, "refused"));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis < 1_000 + 2_000, "failed within the blocked timeout: " + tookMillis);
      } finally {
        node.setMemoryHighWatermark(0.4);
      }
      await().atMost(30, SECONDS).until(() -> runtime.publishersBlocked().isEmpty());
      barterdude.publish("", OUTPUT, "after the alarm");
    }
  }

  @Test
  void aForwarderPausesDuringAnAlarmAndLosesNothing() throws Exception {
    publishBacklog(INPUT);
    node.setMemoryHighWatermark(0.0001);
    try (TestApp app = TestApp.startUnready(settings(), Consumers.class)) {
      try {
        BarterDudeRuntime runtime = app.bean(BarterDudeRuntime.class);
        await().atMost(30, SECONDS).until(() -> runtime.publishersBlocked().isPresent());
        await().pollDelay(Duration.ofSeconds(15)).atMost(20, SECONDS).until(() -> true);
        assertEquals(0, messages(DEAD), "nothing dead-lettered during the alarm");
      } finally {
        node.setMemoryHighWatermark(0.4);
      }
      await().atMost(60, SECONDS).until(() -> messages(INPUT) == 0 && messages(OUTPUT) >= BACKLOG);
      assertEquals(0, messages(DEAD), "nothing dead-lettered");
      assertEquals(0, LATER_ATTEMPTS.get(), "no attempt charged");
    }
  }

  private static PublishException blockedPublish(BarterDude barterdude, BarterDudeRuntime runtime) {
    PublishException[] failure = new PublishException[1];
    await()
        .atMost(30, SECONDS)
        .until(
            () -> {
              try {
                barterdude.publish("", OUTPUT, "probe");
                return false;
              } catch (PublishException e) {
                failure[0] = e;
                return e.reason() == PublishException.Reason.BLOCKED;
              }
            });
    assertTrue(runtime.publishersBlocked().orElseThrow().contains("memory"));
    return failure[0];
  }

  private static Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    settings.put("barterdude.port", String.valueOf(node.amqpPort()));
    settings.put("barterdude.publish-blocked-timeout-ms", "1000");
    settings.put("barterdude.publish-confirm-timeout-ms", "3000");
    settings.put("barterdude.max-attempts", "2");
    return settings;
  }

  private static void publishBacklog(String queue) throws Exception {
    for (int i = 0; i < BACKLOG; i++) {
      channel.basicPublish(
          "",
          queue,
          MessageProperties.PERSISTENT_BASIC,
          ("{\"id\": " + i + "}").getBytes(StandardCharsets.UTF_8));
    }
    channel.waitForConfirmsOrDie(30_000);
  }

  private static long messages(String queue) throws Exception {
    return channel.messageCount(queue);
  }
}
