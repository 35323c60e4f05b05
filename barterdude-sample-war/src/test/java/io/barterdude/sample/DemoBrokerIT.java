package io.barterdude.sample;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's run command on a machine without RabbitMQ: the build pointed a second server, the
 * sample in its demo profile, at a free port where nothing answered ({@code
 * sample.demo.broker.port}) and started the demo launcher for it, which took the port with the
 * embedded Qpid broker. Example messages published with {@code POST /demo/publish} are forwarded
 * and counted.
 */
class DemoBrokerIT {

  private static final int DEMO_HTTP_PORT = Integer.getInteger("sample.demo.http.port", 9190);
  private static final int BROKER_PORT = Integer.getInteger("sample.demo.broker.port", -1);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Connection connection;

  @BeforeAll
  static void waitForTheDemo() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(BROKER_PORT);
    connection = factory.newConnection("demo-broker-it");
    await("the demo sample is ready")
        .atMost(180, SECONDS)
        .pollInterval(1, SECONDS)
        .ignoreExceptions()
        .until(() -> get("/health/ready").status() == 200);
  }

  @AfterAll
  static void disconnect() throws Exception {
    if (connection != null) {
      connection.close();
    }
  }

  @Test
  void theBrokerOnTheSamplesPortIsTheDemoBroker() {
    Object product = connection.getServerProperties().get("product");
    assertTrue(String.valueOf(product).contains("Qpid"), "server product: " + product);
  }

  @Test
  void publishedExampleMessagesAreForwardedAndCounted() throws Exception {
    JsonObject before = MyCounterHttpHookIT.counter(get("/counter"));
    long copiesBefore = copies();
    PrometheusMetrics metricsBefore = PrometheusMetrics.of(get("/metrics?scope=application"));

    SampleServer.Answer published = post("/demo/publish?count=100");

    assertEquals(200, published.status(), published.body());
    assertEquals(100, published.json().getInt("published"));
    await("100 consumed and handled")
        .atMost(60, SECONDS)
        .untilAsserted(
            () ->
                assertEquals(
                    Map.of("consumed", 100L, "success", 100L, "fail", 0L),
                    MyCounterHttpHookIT.delta(
                        before, MyCounterHttpHookIT.counter(get("/counter")))));
    await("100 forwarded to my_exchange_copy")
        .atMost(30, SECONDS)
        .until(() -> copies() - copiesBefore == 100);
    PrometheusMetrics metricsAfter = PrometheusMetrics.of(get("/metrics?scope=application"));
    assertEquals(
        100,
        metricsAfter.sum(MetricsIT.RECEIVED) - metricsBefore.sum(MetricsIT.RECEIVED),
        MetricsIT.RECEIVED);
    assertEquals(200, get("/healthcheck").status());
  }

  @Test
  void aCountOutOfRangeIsRefused() throws Exception {
    assertEquals(400, post("/demo/publish?count=0").status());
    assertEquals(400, post("/demo/publish?count=10001").status());
  }

  @Test
  void theDemoRouteIsOffOutsideTheDemoProfile() throws Exception {
    assertEquals(404, SampleServer.post("/demo/publish?count=1").status());
  }

  private static long copies() throws Exception {
    Channel channel = connection.createChannel();
    try {
      return channel.queueDeclarePassive("my_exchange_copy").getMessageCount();
    } finally {
      channel.close();
    }
  }

  private static SampleServer.Answer get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  private static SampleServer.Answer post(String path) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  private static SampleServer.Answer send(HttpRequest request) throws Exception {
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    return new SampleServer.Answer(response.statusCode(), response.body());
  }

  private static URI uri(String path) {
    return URI.create("http://localhost:" + DEMO_HTTP_PORT + path);
  }
}
