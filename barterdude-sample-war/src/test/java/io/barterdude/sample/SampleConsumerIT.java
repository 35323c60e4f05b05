package io.barterdude.sample;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sample WAR on the Open Liberty server that the build starts (port {@code sample.http.port}),
 * against the RabbitMQ broker on 127.0.0.1:5672. Each test reads what the sample forwards to {@code
 * my_exchange} through a queue of its own, so the tests do not depend on their order.
 */
class SampleConsumerIT {

  private static final int HTTP_PORT = Integer.getInteger("sample.http.port", 9180);
  private static final String FAIL = "\"fail\"";
  private static final String EXCEPTION = "\"exception\"";

  private static Connection connection;

  @BeforeAll
  static void waitForTheSample() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(5672);
    connection = factory.newConnection("barterdude-sample-it");
    HttpClient http = HttpClient.newHttpClient();
    URI ready = URI.create("http://localhost:" + HTTP_PORT + "/health/ready");
    await("/health/ready answers 200")
        .atMost(180, SECONDS)
        .pollInterval(1, SECONDS)
        .ignoreExceptions()
        .until(() -> status(http, ready) == 200);
    await("the sample consumes queue1 and queue2")
        .atMost(60, SECONDS)
        .ignoreExceptions()
        .until(() -> consumers("queue1") > 0 && consumers("queue2") > 0);
  }

  @AfterAll
  static void disconnect() throws Exception {
    if (connection != null) {
      connection.close();
    }
  }

  @Test
  void forwardsJsonFromBothQueues() throws Exception {
    String id = UUID.randomUUID().toString();
    try (ForwardedMessages forwarded = new ForwardedMessages(connection)) {
      publish("queue1", "{\"id\":\"" + id + "-1\"}", null);
      publish("queue2", "{\"id\":\"" + id + "-2\"}", null);

      await("forwarded from queue1")
          .atMost(30, SECONDS)
          .until(() -> forwarded.count(id + "-1") == 1);
      await("forwarded from queue2")
          .atMost(30, SECONDS)
          .until(() -> forwarded.count(id + "-2") == 1);
    }
  }

  @Test
  void forwardsFailOnceAndDropsIt() throws Exception {
    try (ForwardedMessages forwarded = new ForwardedMessages(connection)) {
      publish("queue1", FAIL, null);

      await("\"fail\" forwarded").atMost(30, SECONDS).until(() -> forwarded.count(FAIL) >= 1);
      await("not redelivered")
          .during(2, SECONDS)
          .atMost(5, SECONDS)
          .until(() -> forwarded.count(FAIL) == 1);
      assertEquals(0, messages("queue1"), "messages ready in queue1");
      await("queue1 has no unacknowledged message")
          .atMost(30, SECONDS)
          .until(() -> BrokerCtl.unacknowledged("queue1") == 0);
    }
  }

  @Test
  void requeuesOnException() throws Exception {
    try (ForwardedMessages forwarded = new ForwardedMessages(connection)) {
      // The sample requeues this message forever; its TTL, which a requeue keeps, ends the loop.
      publish("queue2", EXCEPTION, "1500");

      await("\"exception\" forwarded again after a requeue")
          .atMost(30, SECONDS)
          .until(() -> forwarded.count(EXCEPTION) >= 2);
      await("the message expired and the loop stopped")
          .atMost(60, SECONDS)
          .pollInterval(200, MILLISECONDS)
          .until(() -> forwarded.quietMillis() > 1500);
    } finally {
      try (Channel channel = connection.createChannel()) {
        channel.queuePurge("queue2");
      }
    }
  }

  private static void publish(String queue, String json, String expirationMillis) throws Exception {
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .expiration(expirationMillis)
            .build();
    try (Channel channel = connection.createChannel()) {
      channel.confirmSelect();
      channel.basicPublish("", queue, properties, json.getBytes(StandardCharsets.UTF_8));
      channel.waitForConfirmsOrDie(10_000);
    }
  }

  private static long consumers(String queue) throws Exception {
    try (Channel channel = connection.createChannel()) {
      return channel.queueDeclarePassive(queue).getConsumerCount();
    }
  }

  private static long messages(String queue) throws Exception {
    try (Channel channel = connection.createChannel()) {
      return channel.queueDeclarePassive(queue).getMessageCount();
    }
  }

  private static int status(HttpClient http, URI uri) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
