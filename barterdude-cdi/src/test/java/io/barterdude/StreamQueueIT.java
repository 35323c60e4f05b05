package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.barterdude.it.LogCapture;
import io.barterdude.it.TestApp;
import io.barterdude.it.TestBroker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What BarterDude does with a stream queue today, as the README says (it does not support streams):
 * a consumer reads from the next message published after it subscribed (the broker's default
 * offset), and a handler failure costs the whole consuming connection, because RabbitMQ answers a
 * reject on a stream by closing the connection (540 NOT_IMPLEMENTED).
 */
class StreamQueueIT {

  static final String STREAM = "bd-it-stream";
  static final Set<String> HANDLED = ConcurrentHashMap.newKeySet();

  @AfterEach
  void cleanUp() throws Exception {
    HANDLED.clear();
    try (TestBroker broker = new TestBroker()) {
      broker.cleanQueue(STREAM);
    }
  }

  @ApplicationScoped
  static class StreamReader {
    void on(@Observes @Consume(queues = STREAM) Message message) {
      HANDLED.add(message.text());
      if (message.text().equals("fail")) {
        throw new IllegalStateException("fails");
      }
    }
  }

  @Test
  void aStreamIsReadFromTheNextMessageAndAFailureCostsTheConnection() throws Exception {
    Map<String, String> settings =
        Map.of("barterdude.topology.queue." + STREAM + ".arguments", "x-queue-type=stream");
    try (TestBroker broker = new TestBroker();
        LogCapture log = new LogCapture("io.barterdude")) {
      broker.channel().queueDeclare(STREAM, true, false, false, Map.of("x-queue-type", "stream"));
      broker.publish(STREAM, "before");
      try (TestApp app = TestApp.start(settings, StreamReader.class)) {
        broker.publish(STREAM, "after");
        await().atMost(10, SECONDS).until(() -> HANDLED.contains("after"));
        assertFalse(HANDLED.contains("before"), "published before the subscription: not read");
        broker.publish(STREAM, "fail");
        await()
            .atMost(10, SECONDS)
            .until(
                () -> log.text().contains("basic.nack and basic.reject not supported by stream"));
        app.awaitReady();
      }
    }
  }
}
