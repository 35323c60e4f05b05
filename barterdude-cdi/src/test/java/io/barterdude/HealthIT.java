package io.barterdude;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.hooks.ConsumerCancelled;
import io.barterdude.hooks.Healthcheck;
import io.barterdude.hooks.HealthcheckMonitored;
import io.barterdude.it.TcpProxy;
import io.barterdude.it.TestApp;
import io.barterdude.it.TestBroker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seed's healthcheck semantics and the MicroProfile Health checks, on the real broker. */
class HealthIT {

  static final String QUEUE = "bd-it-health";
  static final List<ConsumerCancelled> CANCELLED = new CopyOnWriteArrayList<>();
  static final AtomicBoolean MODULE_OK = new AtomicBoolean(true);

  TestBroker broker;

  @BeforeEach
  void cleanBroker() {
    MODULE_OK.set(true);
    CANCELLED.clear();
    broker = new TestBroker().cleanQueue(QUEUE);
  }

  @AfterEach
  void closeBroker() throws Exception {
    broker.close();
  }

  /** Fails every body "fail". */
  @ApplicationScoped
  static class Consumer {
    void on(@Observes @Consume(queues = QUEUE, requeueOnFail = false) Message message) {
      if (message.text().equals("\"fail\"")) {
        throw new IllegalStateException("fail");
      }
    }

    void cancelled(@Observes ConsumerCancelled event) {
      CANCELLED.add(event);
    }
  }

  @ApplicationScoped
  @Named("extra_bean")
  static class ExtraBean implements HealthcheckMonitored {
    @Override
    public boolean healthcheck() {
      return MODULE_OK.get();
    }
  }

  @Test
  void noMessagesIsHealthyAndTheSuccessRateDecides() {
    try (TestApp app =
        TestApp.start(Map.of("barterdude.healthcheck.success-rate", "0.5"), Consumer.class)) {
      Healthcheck healthcheck = app.bean(Healthcheck.class);
      assertEquals("No messages in last 60.0s", healthcheck.status().body().getString("message"));
      assertTrue(healthcheck.status().healthy());
      broker.publish(QUEUE, "\"ok\"");
      broker.publish(QUEUE, "\"fail\"");
      await().atMost(20, SECONDS).until(() -> healthcheck.status().body().getInt("fail") == 1);
      JsonObject body = healthcheck.status().body();
      assertEquals("Success rate: 0.5 (expected: 0.5)", body.getString("message"));
      assertEquals("ok", body.getString("status"));
      broker.publish(QUEUE, "\"fail\"");
      await().atMost(20, SECONDS).until(() -> !healthcheck.status().healthy());
      assertEquals("fail", healthcheck.status().body().getString("status"));
      assertFalse(readiness(app).getStatus() == HealthCheckResponse.Status.UP);
      assertEquals(HealthCheckResponse.Status.UP, liveness(app).getStatus(), "not a restart case");
    }
  }

  @Test
  void forceFailFailsEverything() {
    try (TestApp app = TestApp.start(Consumer.class)) {
      app.bean(Healthcheck.class).forceFail();
      JsonObject body = app.bean(Healthcheck.class).status().body();
      assertEquals("Healthcheck fail called manually", body.getString("message"));
      assertEquals("fail", body.getString("status"));
      assertEquals(HealthCheckResponse.Status.DOWN, readiness(app).getStatus());
      assertEquals(HealthCheckResponse.Status.DOWN, liveness(app).getStatus());
    }
  }

  @Test
  void monitoredModulesFromBeansAndSharedDataAreListed() {
    try (TestApp app = TestApp.start(Consumer.class, ExtraBean.class)) {
      app.bean(BarterDude.class).data().put("extra_service", (HealthcheckMonitored) () -> true);
      JsonObject body = app.bean(Healthcheck.class).status().body();
      assertEquals("ok", body.getString("extra_bean"));
      assertEquals("ok", body.getString("extra_service"));
      assertEquals("ok", body.getString("status"));
      MODULE_OK.set(false);
      body = app.bean(Healthcheck.class).status().body();
      assertEquals("fail", body.getString("extra_bean"));
      assertEquals("fail", body.getString("status"));
      assertEquals("fail", readiness(app).getData().get().get("extra_bean"));
    }
  }

  @Test
  void readinessFollowsACancelledConsumerUntilItsQueueIsBack() throws Exception {
    Map<String, String> fast = Map.of("barterdude.reconnect-delay-ms", "200");
    try (TestApp app = TestApp.start(fast, Consumer.class)) {
      assertEquals(HealthCheckResponse.Status.UP, readiness(app).getStatus());
      broker.channel().queueDelete(QUEUE);
      await()
          .atMost(10, SECONDS)
          .until(() -> readiness(app).getStatus() == HealthCheckResponse.Status.DOWN);
      assertEquals(false, readiness(app).getData().get().get("consumer.Consumer.on"));
      await().atMost(5, SECONDS).until(() -> CANCELLED.size() == 1);
      assertEquals(new ConsumerCancelled("Consumer.on", QUEUE), CANCELLED.get(0));
      await()
          .atMost(20, SECONDS)
          .until(() -> readiness(app).getStatus() == HealthCheckResponse.Status.UP);
      assertEquals(1, broker.consumerCount(QUEUE), "redeclared and resubscribed once");
      broker.publish(QUEUE, "\"after\"");
      await()
          .atMost(10, SECONDS)
          .until(() -> app.bean(Healthcheck.class).status().body().getInt("success") == 1);
    }
  }

  @Test
  void withoutDeclaringQueuesADeletedQueueIsAwaitedUntilItIsBack() throws Exception {
    broker.declareQueue(QUEUE);
    Map<String, String> settings =
        Map.of("barterdude.declare-queues", "false", "barterdude.reconnect-delay-ms", "100");
    try (TestApp app = TestApp.start(settings, Consumer.class)) {
      broker.deleteQueue(QUEUE);
      await()
          .atMost(10, SECONDS)
          .until(() -> readiness(app).getStatus() == HealthCheckResponse.Status.DOWN);
      await().during(500, MILLISECONDS).until(() -> !broker.exists(QUEUE));
      broker.declareQueue(QUEUE);
      await()
          .atMost(20, SECONDS)
          .until(() -> readiness(app).getStatus() == HealthCheckResponse.Status.UP);
      assertEquals(1, broker.consumerCount(QUEUE));
    }
  }

  @Test
  void theNextAddressIsUsedWhenTheFirstIsDown() throws Exception {
    int closedPort = TcpProxy.closedPort();
    Map<String, String> settings =
        Map.of("barterdude.addresses", "127.0.0.1:" + closedPort + ",127.0.0.1:5672");
    try (TestApp app = TestApp.start(settings, Consumer.class)) {
      broker.publish(QUEUE, "\"via the second address\"");
      await()
          .atMost(10, SECONDS)
          .until(() -> app.bean(Healthcheck.class).status().body().getInt("success") == 1);
    }
  }

  @Test
  void aLostConnectionFailsReadinessThenLivenessAndBothRecoverWithIt() throws Exception {
    try (TcpProxy proxy = new TcpProxy()) {
      proxy.open();
      Map<String, String> settings =
          Map.of(
              "barterdude.port", String.valueOf(proxy.port()),
              "barterdude.reconnect-delay-ms", "50",
              "barterdude.reconnect-max-delay-ms", "100");
      try (TestApp app = TestApp.start(settings, Consumer.class)) {
        assertEquals(HealthCheckResponse.Status.UP, liveness(app).getStatus());
        proxy.close();
        await()
            .atMost(10, SECONDS)
            .until(() -> readiness(app).getStatus() == HealthCheckResponse.Status.DOWN);
        await()
            .atMost(20, SECONDS)
            .until(() -> liveness(app).getStatus() == HealthCheckResponse.Status.DOWN);
        JsonObject body = app.bean(Healthcheck.class).status().body();
        assertEquals("fail", body.getString("status"), body.toString());
        assertTrue(
            body.getString("message").contains("Reached max connection fails"), body.toString());
        proxy.open();
        await()
            .atMost(30, SECONDS)
            .until(() -> readiness(app).getStatus() == HealthCheckResponse.Status.UP);
        assertEquals(
            HealthCheckResponse.Status.UP,
            liveness(app).getStatus(),
            "the failure count was reset once connected");
        assertEquals("ok", app.bean(Healthcheck.class).status().body().getString("status"));
      }
    }
  }

  static HealthCheckResponse readiness(TestApp app) {
    return app.select(HealthCheck.class, Readiness.Literal.INSTANCE).call();
  }

  static HealthCheckResponse liveness(TestApp app) {
    return app.select(HealthCheck.class, Liveness.Literal.INSTANCE).call();
  }
}
