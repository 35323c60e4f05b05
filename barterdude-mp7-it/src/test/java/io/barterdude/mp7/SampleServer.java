package io.barterdude.mp7;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import io.barterdude.it.TestBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The sample WAR on a server of this module: its HTTP port, the prefix of the queues it consumes
 * (its own, so that the servers do not split each other's messages), its log, and whether
 * MicroProfile Telemetry writes the spans there (OpenTelemetry's {@code logging} exporter).
 */
record SampleServer(int httpPort, String queuePrefix, Path log, boolean spansInLog) {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The Open Liberty 26 server the build started. */
  static final SampleServer LIBERTY =
      new SampleServer(
          Integer.getInteger("mp7.http.port", 9780),
          System.getProperty("mp7.queue.prefix", "barterdude-mp7-it-"),
          Path.of(System.getProperty("mp7.server.log", "messages.log")),
          true);

  String queue1() {
    return queuePrefix + "queue1";
  }

  String queue2() {
    return queuePrefix + "queue2";
  }

  String validatedQueue() {
    return queuePrefix + "validated_queue";
  }

  /** Waits until the sample is ready and reads its three queues. */
  void awaitReady(TestBroker broker) {
    await("/health/ready answers 200")
        .atMost(180, SECONDS)
        .pollInterval(1, SECONDS)
        .ignoreExceptions()
        .until(() -> status("/health/ready") == 200);
    await("the sample consumes its queues")
        .atMost(60, SECONDS)
        .ignoreExceptions()
        .until(
            () ->
                List.of(queue1(), queue2(), validatedQueue()).stream()
                    .allMatch(queue -> broker.consumerCount(queue) > 0));
  }

  int status(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path)).GET().build();
    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** The server's log so far. */
  List<String> logLines() throws IOException {
    return Files.readAllLines(log);
  }
}
