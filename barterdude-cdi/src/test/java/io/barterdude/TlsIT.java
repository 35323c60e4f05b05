package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.internal.runtime.BarterDudeRuntime;
import io.barterdude.it.LogCapture;
import io.barterdude.it.RabbitNode;
import io.barterdude.it.TestApp;
import io.barterdude.it.TlsFiles;
import io.barterdude.it.TlsFiles.StoreType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BarterDude against RabbitMQ nodes that accept TLS only, started by the test beside the machine's
 * broker: a node with a certificate for {@code localhost}, one whose certificate names another
 * host, and one that requires a client certificate (EXTERNAL). Every test also checks that no
 * password reaches the log.
 */
class TlsIT {

  static final String QUEUE = "bd-it-tls";
  static final String USER = "bd-tls-user";
  static final String PASSWORD = "pw-" + Long.toHexString(System.nanoTime()) + "-never-logged";
  static final List<String> HANDLED = new CopyOnWriteArrayList<>();

  static TlsFiles tls;
  static RabbitNode node;
  static RabbitNode wrongHostNode;
  static RabbitNode mutualNode;

  LogCapture log;
  LogCapture clientLog;

  @BeforeAll
  static void startNodes() {
    RabbitNode.stopStrays();
    tls = TlsFiles.generate();
    List<RabbitNode> nodes =
        RabbitNode.startAll(
            RabbitNode.builder().tls(tls).withoutPlainListener(),
            RabbitNode.builder()
                .tls(tls.caCert(), tls.wrongHostCert(), tls.wrongHostKey())
                .withoutPlainListener(),
            RabbitNode.builder().tls(tls).withoutPlainListener().mutualTls());
    node = nodes.get(0);
    wrongHostNode = nodes.get(1);
    mutualNode = nodes.get(2);
    node.addUser(USER, PASSWORD);
    mutualNode.addUser(TlsFiles.CLIENT_NAME, null);
  }

  @AfterAll
  static void stopNodes() {
    RabbitNode.closeAll(List.of(node, wrongHostNode, mutualNode));
    assertEquals(List.of(), RabbitNode.runningNodeVms(), "test nodes still running");
  }

  @BeforeEach
  void captureLogs() {
    HANDLED.clear();
    log = new LogCapture("io.barterdude");
    clientLog = new LogCapture("com.rabbitmq");
  }

  @AfterEach
  void noSecretInTheLog() {
    log.close();
    clientLog.close();
    String text = (log.text() + clientLog.text()).replace("CN=barterdude-test-ca", "CN=the CA");
    assertFalse(text.contains(PASSWORD), "the user's password was logged");
    int at = text.indexOf(TlsFiles.PASSWORD);
    assertFalse(
        at >= 0,
        () -> "a store password was logged: " + text.substring(Math.max(0, at - 300), at + 50));
  }

  /** Records what arrives. */
  @ApplicationScoped
  static class Echo {
    void on(@Observes @Consume(queues = QUEUE) Message message) {
      HANDLED.add(message.text());
    }
  }

  @Test
  void anAmqpsUriWithATrustedCaConnectsBothConnections() {
    Map<String, String> settings =
        trusting(
            StoreType.PKCS12, "amqps://" + USER + ":" + PASSWORD + "@localhost:" + node.tlsPort());
    try (TestApp app = TestApp.start(settings, Echo.class)) {
      app.bean(BarterDude.class).publish("", QUEUE, "over TLS");
      await().atMost(20, SECONDS).until(() -> HANDLED.contains("\"over TLS\""));
    }
  }

  @Test
  void anUntrustedServerCertificateFailsClearlyAndIsRetriedWithBackoff() {
    Map<String, String> settings = new HashMap<>();
    settings.put(
        "barterdude.uri", "amqps://" + USER + ":" + PASSWORD + "@localhost:" + node.tlsPort());
    settings.put(
        "barterdude.tls.trust-store", tls.untrustedTrustStore(StoreType.PKCS12).toString());
    settings.put("barterdude.tls.trust-store-password", TlsFiles.PASSWORD);
    try (TestApp app = TestApp.startUnready(settings, Echo.class)) {
      await().atMost(20, SECONDS).until(() -> log.text().contains("BDCDI0002"));
      await().pollDelay(3, SECONDS).atMost(5, SECONDS).until(() -> true);
      assertFalse(app.bean(BarterDudeRuntime.class).isConnected());
      String text = log.text();
      assertTrue(text.contains("PKIX path building failed"), text);
      assertTrue(count("BDCDI0002", text) <= 8, "a retry storm: " + count("BDCDI0002", text));
    }
  }

  @Test
  void aCertificateForAnotherHostIsRefusedUnlessVerificationIsTurnedOff() {
    String uri = "amqps://" + USER + ":" + PASSWORD + "@localhost:" + wrongHostNode.tlsPort();
    wrongHostNode.addUser(USER, PASSWORD);
    try (TestApp app = TestApp.startUnready(trusting(StoreType.PKCS12, uri), Echo.class)) {
      await().atMost(20, SECONDS).until(() -> log.text().contains("BDCDI0002"));
      assertTrue(
          log.text().contains("No subject alternative DNS name matching localhost"), log.text());
      assertFalse(app.bean(BarterDudeRuntime.class).isConnected());
    }
    Map<String, String> unchecked = trusting(StoreType.PKCS12, uri);
    unchecked.put("barterdude.tls.verify-hostname", "false");
    try (TestApp app = TestApp.start(unchecked, Echo.class)) {
      app.bean(BarterDude.class).publish("", QUEUE, "unchecked");
      await().atMost(20, SECONDS).until(() -> HANDLED.contains("\"unchecked\""));
      assertEquals(1, count("BDCDI0027", log.text()), "the warning is logged once");
    }
  }

  @Test
  void mutualTlsWithExternalNeedsNoPassword() {
    Map<String, String> settings =
        trusting(StoreType.JKS, "amqps://localhost:" + mutualNode.tlsPort());
    settings.put("barterdude.tls.key-store", tls.clientKeyStore(StoreType.JKS).toString());
    settings.put("barterdude.tls.key-store-type", "JKS");
    settings.put("barterdude.tls.key-store-password", TlsFiles.PASSWORD);
    settings.put("barterdude.auth-mechanism", "EXTERNAL");
    try (TestApp app = TestApp.start(settings, Echo.class)) {
      app.bean(BarterDude.class).publish("", QUEUE, "as " + TlsFiles.CLIENT_NAME);
      await().atMost(20, SECONDS).until(() -> HANDLED.contains("\"as bd-client\""));
      String connections = mutualNode.ctl("list_connections", "user", "client_properties");
      assertTrue(connections.contains(TlsFiles.CLIENT_NAME), connections);
    }
  }

  private static Map<String, String> trusting(StoreType type, String uri) {
    Map<String, String> settings = new HashMap<>();
    settings.put("barterdude.uri", uri);
    settings.put("barterdude.tls.trust-store", tls.trustStore(type).toString());
    settings.put("barterdude.tls.trust-store-type", type.name());
    settings.put("barterdude.tls.trust-store-password", TlsFiles.PASSWORD);
    return settings;
  }

  private static int count(String id, String text) {
    Matcher matcher = Pattern.compile(Pattern.quote(id)).matcher(text);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }
}
