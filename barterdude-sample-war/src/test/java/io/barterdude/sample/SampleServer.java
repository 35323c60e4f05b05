package io.barterdude.sample;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import io.barterdude.it.TestBroker;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** The sample on the Liberty server the build started (port {@code sample.http.port}). */
final class SampleServer {

  /** Every queue the sample consumes. */
  static final List<String> QUEUES = List.of("queue1", "queue2", "validated_queue");

  private static final int HTTP_PORT = Integer.getInteger("sample.http.port", 9180);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private SampleServer() {}

  /** An HTTP answer. */
  record Answer(int status, String body) {
    JsonObject json() {
      try (JsonReader reader = Json.createReader(new StringReader(body))) {
        return reader.readObject();
      }
    }
  }

  /** Waits until the sample is ready and subscribed to every queue it consumes. */
  static void awaitReady(TestBroker broker) {
    await("/health/ready answers 200")
        .atMost(180, SECONDS)
        .pollInterval(1, SECONDS)
        .ignoreExceptions()
        .until(() -> get("/health/ready").status() == 200);
    await("the sample consumes " + QUEUES)
        .atMost(60, SECONDS)
        .ignoreExceptions()
        .until(() -> QUEUES.stream().allMatch(queue -> broker.consumerCount(queue) > 0));
  }

  static Answer get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  static Answer post(String path) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  static Answer post(String path, String json) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private static Answer send(HttpRequest request) throws Exception {
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  private static URI uri(String path) {
    return URI.create("http://localhost:" + HTTP_PORT + path);
  }
}
