package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.LongStringHelper;
import io.barterdude.it.LogCapture;
import io.barterdude.it.TestApp;
import io.barterdude.it.TestBroker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input and bad configuration: each gets a clear log line without the body, the documented
 * outcome, and a consumer that keeps going.
 */
class BadInputIT {

  static final String QUEUE = "bd-it-bad-input";
  static final String SECRET = "s3cr3t-body";
  static final List<String> SEEN = new CopyOnWriteArrayList<>();

  TestBroker broker;

  @BeforeEach
  void cleanBroker() {
    SEEN.clear();
    broker = new TestBroker().cleanQueue(QUEUE);
  }

  @AfterEach
  void closeBroker() throws Exception {
    broker.close();
  }

  /** Reads every body as JSON (so bad JSON fails) and records the headers it could read. */
  @ApplicationScoped
  static class JsonReader {
    void on(@Observes @Consume(queues = QUEUE, requeueOnFail = false) Message message) {
      SEEN.add(message.body().length + ":" + message.headers().keySet().stream().sorted().toList());
      message.json();
    }
  }

  @Test
  void malformedBodiesFailWithoutTheBodyInTheLogAndTheConsumerGoesOn() {
    try (LogCapture log = new LogCapture("io.barterdude");
        TestApp app = TestApp.start(JsonReader.class)) {
      broker.publish(QUEUE, "{\"" + SECRET + "\": ");
      broker.publish(QUEUE, new byte[] {'"', (byte) 0xFF, '"'}, null);
      broker.publish(QUEUE, new byte[0], new AMQP.BasicProperties());
      broker.publish(QUEUE, "{\"ok\":1}");
      await().atMost(20, SECONDS).until(() -> SEEN.size() == 4);
      await().atMost(5, SECONDS).until(() -> broker.messageCount(QUEUE) == 0);
      // a message's failure is logged after its handler returned: wait for the third line
      await().atMost(5, SECONDS).until(() -> log.text().split("BDCDI0018").length == 4);
      String lines = log.text();
      assertTrue(lines.contains("the message body is not valid JSON"), lines);
      assertTrue(lines.contains("the message body is not valid UTF-8"), lines);
      assertTrue(lines.contains("the message body is empty"), lines);
      assertTrue(lines.contains("rejected without requeue"), lines);
      assertFalse(lines.contains(SECRET), "no body in the log");
    }
  }

  @Test
  void aSixteenMebibyteBodyIsHandled() {
    byte[] big = new byte[16 * 1024 * 1024];
    Arrays.fill(big, (byte) 'a');
    big[0] = '"';
    big[big.length - 1] = '"';
    try (TestApp app = TestApp.start(JsonReader.class)) {
      broker.publish(QUEUE, big, null);
      broker.publish(QUEUE, "{\"after\":true}");
      await().atMost(30, SECONDS).until(() -> SEEN.size() == 2);
      assertTrue(SEEN.contains(big.length + ":[]"), SEEN.toString());
      await().atMost(5, SECONDS).until(() -> broker.messageCount(QUEUE) == 0);
    }
  }

  @Test
  void oddContentTypesAndHeaderTypesAreDeliveredAsTheyAre() {
    Map<String, Object> headers =
        Map.of(
            "x-long-string", LongStringHelper.asLongString("text"),
            "x-date", new Date(0),
            "x-decimal", new BigDecimal("1.50"),
            "x-table", Map.of("nested", 1),
            "x-array", List.of(1, "two"),
            "x-bytes", "raw".getBytes(StandardCharsets.UTF_8),
            "x-null", "");
    AMQP.BasicProperties odd =
        new AMQP.BasicProperties.Builder()
            .contentType("text/plain; charset=ISO-8859-1")
            .contentEncoding("gzip")
            .headers(headers)
            .build();
    try (TestApp app = TestApp.start(JsonReader.class)) {
      broker.publish(QUEUE, "{\"a\":1}".getBytes(StandardCharsets.UTF_8), odd);
      await().atMost(20, SECONDS).until(() -> SEEN.size() == 1);
      assertEquals(
          "7:[x-array, x-bytes, x-date, x-decimal, x-long-string, x-null, x-table]", SEEN.get(0));
      await().atMost(5, SECONDS).until(() -> broker.messageCount(QUEUE) == 0);
    }
  }

  @Test
  void aWrongPasswordIsReportedClearlyAndNeverPrinted() {
    Map<String, String> settings =
        Map.of(
            "barterdude.password", "wr0ng-pa55word",
            "barterdude.reconnect-delay-ms", "100");
    try (LogCapture log = new LogCapture("io.barterdude");
        TestApp app = TestApp.startUnready(settings, JsonReader.class)) {
      await().atMost(20, SECONDS).until(() -> log.text().contains("BDCDI0002"));
      String lines = log.text();
      assertTrue(lines.contains("ACCESS_REFUSED"), lines);
      assertFalse(lines.contains("wr0ng-pa55word"), lines);
    }
  }

  @Test
  void anUnknownHostIsReportedClearly() {
    Map<String, String> settings =
        Map.of(
            "barterdude.hostname", "no-such-host.invalid",
            "barterdude.reconnect-delay-ms", "100");
    try (LogCapture log = new LogCapture("io.barterdude");
        TestApp app = TestApp.startUnready(settings, JsonReader.class)) {
      await().atMost(20, SECONDS).until(() -> log.text().contains("BDCDI0002"));
      assertTrue(log.text().contains("UnknownHostException: no-such-host.invalid"), log.text());
    }
  }
}
