package io.barterdude.sample;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.barterdude.it.RabbitNode;
import io.barterdude.it.TlsFiles;
import io.barterdude.it.TlsFiles.StoreType;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sample WAR on Open Liberty against a broker that it reaches over TLS only, configured the way
 * an operator would: the broker URI and the trust store in the server's {@code server.env}. The
 * test starts a RabbitMQ node of its own with a TLS listener (and a plain one, for the test's own
 * client), and a second Liberty server beside the one the build started, with the same WAR.
 */
class SampleOverTlsIT {

  static final String USER = "bd-sample-tls";
  static final String PASSWORD = "pw-" + Long.toHexString(System.nanoTime()) + "-never-logged";
  static final String CONNECTION_NAME = "barterdude-sample-tls-it";
  static final int MESSAGES = 200;

  static TlsFiles tls;
  static RabbitNode node;
  static LibertyServer server;
  static int httpPort;

  @BeforeAll
  static void startNodeAndServer() throws Exception {
    RabbitNode.stopStrays();
    tls = TlsFiles.generate();
    node = RabbitNode.builder().tls(tls).start();
    node.addUser(USER, PASSWORD);
    httpPort = freePort();
    server =
        LibertyServer.copyOfSample(
            "barterdudeTLS",
            Map.of(
                "http.port", String.valueOf(httpPort),
                "https.port", String.valueOf(freePort()),
                "barterdude.connection-name", CONNECTION_NAME),
            Map.of(
                "BARTERDUDE_URI",
                "amqps://" + USER + ":" + PASSWORD + "@localhost:" + node.tlsPort(),
                "BARTERDUDE_TLS_TRUST_STORE",
                tls.trustStore(StoreType.PKCS12).toString(),
                "BARTERDUDE_TLS_TRUST_STORE_PASSWORD",
                TlsFiles.PASSWORD));
    LibertyServer.Result start = server.start(Duration.ofSeconds(300));
    assertEquals(0, start.exitCode(), start.output());
  }

  @AfterAll
  static void stopServerAndNode() throws Exception {
    try {
      if (server != null) {
        server.stop(Duration.ofSeconds(120));
      }
    } finally {
      if (node != null) {
        node.close();
      }
      if (server != null) {
        server.delete();
      }
    }
    assertEquals(List.of(), RabbitNode.runningNodeVms(), "test nodes still running");
  }

  @Test
  void theSampleForwardsOverTlsAndLogsNoSecret() throws Exception {
    await("/health/ready answers 200 over TLS")
        .atMost(180, SECONDS)
        .pollInterval(1, SECONDS)
        .ignoreExceptions()
        .until(() -> get("/health/ready") == 200);
    assertEquals(
        List.of(CONNECTION_NAME + "-consume true", CONNECTION_NAME + "-publish true"),
        connectionsAndTls(),
        "both connections over TLS");

    try (Connection connection = node.connectionFactory().newConnection()) {
      Channel channel = connection.createChannel();
      channel.confirmSelect();
      for (int i = 0; i < MESSAGES; i++) {
        channel.basicPublish(
            "", "queue1", null, ("{\"tls\": " + i + "}").getBytes(StandardCharsets.UTF_8));
      }
      channel.waitForConfirmsOrDie(10_000);
      await("every message forwarded to my_exchange_copy")
          .atMost(60, SECONDS)
          .until(() -> channel.messageCount("my_exchange_copy") == MESSAGES);
    }

    String log = Files.readString(server.messagesLog(), StandardCharsets.UTF_8);
    assertTrue(log.contains("BDCDI0001"), "the server's log holds BarterDude's lines");
    assertFalse(log.contains(PASSWORD), "the broker password was logged");
    assertFalse(
        log.replace("CN=barterdude-test-ca", "CN=the CA").contains(TlsFiles.PASSWORD),
        "the trust store password was logged");
  }

  /** The name of each connection to the node and whether it uses TLS: {@code "x-consume true"}. */
  private static List<String> connectionsAndTls() {
    Pattern name = Pattern.compile("\\{\"connection_name\",\"([^\"]+)\"\\}.*\\s(true|false)$");
    return node.ctl("list_connections", "--no-table-headers", "client_properties", "ssl")
        .lines()
        .map(name::matcher)
        .filter(Matcher::find)
        .map(found -> found.group(1) + " " + found.group(2))
        .sorted()
        .toList();
  }

  private static int get(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path)).GET().build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
