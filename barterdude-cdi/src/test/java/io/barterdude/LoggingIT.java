package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.it.TestApp;
import io.barterdude.it.TestBroker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The built-in Logging hook: its lines, their fields, and body redaction. */
class LoggingIT {

  static final String QUEUE = "bd-it-logging";
  static final Logger HOOK_LOGGER = Logger.getLogger("barterdude.hooks.logging");
  static final Map<String, String> VERBOSE = Map.of("barterdude.default.log-level", "10");

  final List<LogRecord> records = new CopyOnWriteArrayList<>();
  final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  TestBroker broker;

  @BeforeEach
  void setUp() {
    HOOK_LOGGER.addHandler(capture);
    broker = new TestBroker().cleanQueue(QUEUE);
  }

  @AfterEach
  void tearDown() throws Exception {
    HOOK_LOGGER.removeHandler(capture);
    broker.close();
  }

  /** Fails for the body "fail", succeeds otherwise. */
  @ApplicationScoped
  static class Consumer {
    void on(@Observes @Consume(queues = QUEUE, requeueOnFail = false) Message message) {
      if (message.text().equals("\"fail\"")) {
        throw new IllegalStateException("handler failed");
      }
    }
  }

  @Test
  void bodiesAreRedactedByDefault() {
    try (TestApp app = TestApp.start(VERBOSE, Consumer.class)) {
      broker.publish(QUEUE, "{\"secret\":\"s3cr3t\"}");
      await().atMost(20, SECONDS).until(() -> records.size() == 2);
    }
    assertEquals("Before consume message", records.get(0).getMessage());
    assertEquals(Level.FINE, records.get(0).getLevel());
    assertEquals("Successfully consumed message", records.get(1).getMessage());
    JsonObject fields = fields(records.get(1));
    assertEquals(QUEUE, fields.getString("queue"));
    assertTrue(fields.getJsonNumber("delivery_tag").longValue() > 0);
    assertFalse(fields.containsKey("message_body"));
    records.forEach(record -> assertFalse(fields(record).toString().contains("s3cr3t")));
  }

  @Test
  void bodiesAreLoggedWhenRedactionIsOffAndBadJsonGivesAnErrorField() {
    Map<String, String> settings =
        Map.of("barterdude.default.log-level", "10", "barterdude.log.redacted", "0");
    try (TestApp app = TestApp.start(settings, Consumer.class)) {
      broker.publish(QUEUE, "{\"visible\":true}");
      await().atMost(20, SECONDS).until(() -> records.size() == 2);
      broker.publish(QUEUE, "not json");
      await().atMost(20, SECONDS).until(() -> records.size() == 4);
    }
    assertEquals("{\"visible\":true}", fields(records.get(1)).get("message_body").toString());
    assertEquals(
        "the message body is not valid JSON (at offset 1)",
        fields(records.get(3)).getString("message_body_error"));
  }

  @Test
  void failuresAreLoggedAtSevereWithTheExceptionAndTraceback() {
    try (TestApp app = TestApp.start(Consumer.class)) {
      broker.publish(QUEUE, "\"fail\"");
      await().atMost(20, SECONDS).until(() -> records.size() == 1);
    }
    LogRecord failure = records.get(0);
    assertEquals(Level.SEVERE, failure.getLevel(), "success lines are FINE, below the default");
    assertEquals("Failed to consume message", failure.getMessage());
    assertEquals(QUEUE, fields(failure).getString("queue"));
    Throwable thrown = failure.getThrown();
    assertEquals("java.lang.IllegalStateException: handler failed", String.valueOf(thrown));
    assertTrue(
        Arrays.stream(thrown.getStackTrace())
            .anyMatch(frame -> frame.toString().contains("LoggingIT$Consumer.on")),
        "the handler in the stack trace the JSON line writes as traceback");
  }

  private static JsonObject fields(LogRecord record) {
    return (JsonObject) record.getParameters()[0];
  }
}
