package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.impl.CredentialsProvider;
import io.barterdude.examples.SecretFileCredentials;
import io.barterdude.it.RabbitNode;
import io.barterdude.it.TestApp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@link CredentialsProvider} bean replaces the configured user and password, and its credentials
 * are read again before they expire while both connections keep working; here on a node of the
 * test's own whose user only the provider knows.
 */
class CredentialsProviderIT {

  static final String QUEUE = "bd-it-credentials";
  static final String USER = "bd-rotating";
  static final List<String> HANDLED = new CopyOnWriteArrayList<>();
  static RabbitNode node;
  static SecretFileCredentials credentials;

  @BeforeAll
  static void startNode() throws Exception {
    RabbitNode.stopStrays();
    node = RabbitNode.startStandalone();
    node.addUser(USER, "rotating-secret");
    Path secret = Files.createTempFile("bd-credentials", ".txt");
    Files.writeString(secret, USER + ":rotating-secret\n");
    credentials = new SecretFileCredentials(secret, Duration.ofSeconds(2));
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  /** Produces the provider; records what arrives. */
  @ApplicationScoped
  static class App {
    @Produces
    CredentialsProvider credentials() {
      return credentials;
    }

    void on(@Observes @Consume(queues = QUEUE) Message message) {
      HANDLED.add(message.text());
    }
  }

  @Test
  void theProviderIsUsedAndAskedAgainBeforeItsCredentialsExpire() {
    Map<String, String> settings =
        Map.of(
            "barterdude.port", String.valueOf(node.amqpPort()),
            "barterdude.username", "nobody",
            "barterdude.password", "wrong");
    try (TestApp app = TestApp.start(settings, App.class)) {
      await().atMost(30, SECONDS).until(() -> credentials.refreshes() >= 2);
      app.bean(BarterDude.class).publish("", QUEUE, "after a refresh");
      await().atMost(20, SECONDS).until(() -> HANDLED.contains("\"after a refresh\""));
      String connections = node.ctl("list_connections", "user");
      assertTrue(connections.contains(USER), connections);
    }
  }
}
