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

/** The sample WAR on the Open Liberty 26 server the build started, and what it wrote to its log. */
final class Mp7Server {

  static final String PREFIX = System.getProperty("mp7.queue.prefix", "barterdude-mp7-it-");
  static final String QUEUE1 = PREFIX + "queue1";
  static final String QUEUE2 = PREFIX + "queue2";
  static final String VALIDATED = PREFIX + "validated_queue";

  private static final int HTTP_PORT = Integer.getInteger("mp7.http.port", 9780);
  private static final Path LOG = Path.of(System.getProperty("mp7.server.log", "messages.log"));
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Mp7Server() {}

  /** Waits until the sample is ready and reads its three queues. */
  static void awaitReady(TestBroker broker) {
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
                List.of(QUEUE1, QUEUE2, VALIDATED).stream()
                    .allMatch(queue -> broker.consumerCount(queue) > 0));
  }

  static int status(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path)).GET().build();
    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  static String get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path)).GET().build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The server's messages.log so far. */
  static List<String> log() throws IOException {
    return Files.readAllLines(LOG);
  }

  private static String base() {
    return "http://localhost:" + HTTP_PORT;
  }
}
