package io.barterdude.it;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP.BasicProperties;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import com.rabbitmq.client.GetResponse;
import io.barterdude.it.TlsFiles.StoreType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link RabbitNode} and {@link TlsFiles} against real extra nodes, with the plain Java client: TLS
 * with a trusted and an untrusted CA, mutual TLS with EXTERNAL, a memory alarm. Two standalone
 * nodes (TLS only; mutual TLS) start together before the tests. No node may outlive the class.
 * ({@link RabbitCluster} is exercised by {@code io.barterdude.ClusterIT}, which starts the suite's
 * only cluster: one boot costs 35-120 s here.)
 */
class RabbitNodeIT {

  static final String PLAIN_USER = "bd-plain";
  static final String PLAIN_PASSWORD = "bd-plain-secret";

  static TlsFiles tls;
  static List<RabbitNode> standaloneNodes = List.of();
  static RabbitNode tlsNode;
  static RabbitNode mutualTlsNode;

  @BeforeAll
  static void startTlsNodes() {
    RabbitNode.stopStrays();
    tls = TlsFiles.generate();
    standaloneNodes =
        RabbitNode.startAll(
            RabbitNode.builder().tls(tls).withoutPlainListener(),
            RabbitNode.builder().tls(tls).withoutPlainListener().mutualTls());
    tlsNode = standaloneNodes.get(0);
    mutualTlsNode = standaloneNodes.get(1);
    mutualTlsNode.addUser(TlsFiles.CLIENT_NAME, null);
  }

  @AfterAll
  static void noNodeLeftRunning() {
    RabbitNode.closeAll(standaloneNodes);
    assertEquals(List.of(), RabbitNode.runningNodeVms(), "Erlang VMs of test nodes still running");
  }

  @ParameterizedTest
  @EnumSource(StoreType.class)
  void trustedCaPublishesAndGets(StoreType type) throws Exception {
    ConnectionFactory factory = tlsFactory(tlsNode, tls.sslContext(tls.trustStore(type), null));
    try (Connection connection = factory.newConnection("bd-tls-" + type)) {
      assertEquals("from guest", roundTrip(connection, "guest"));
    }
    assertThrows(IllegalStateException.class, tlsNode::amqpPort, "no plain listener");
  }

  @Test
  void untrustedCaIsRefused() {
    SSLContext context = tls.sslContext(tls.untrustedTrustStore(StoreType.PKCS12), null);
    ConnectionFactory factory = tlsFactory(tlsNode, context);
    IOException refused = assertThrows(IOException.class, factory::newConnection);
    assertTrue(hasSslCause(refused), () -> "not a TLS failure: " + refused);
  }

  @Test
  void wrongHostCertificateNamesOnlyTheWrongHost() throws Exception {
    try (InputStream in = Files.newInputStream(tls.wrongHostCert())) {
      X509Certificate certificate =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      assertEquals(
          List.of(List.of(2, TlsFiles.WRONG_HOST)),
          List.copyOf(certificate.getSubjectAlternativeNames()));
    }
  }

  @Test
  void memoryAlarmBlocksPublishingUntilCleared() throws Exception {
    SSLContext context = tls.sslContext(tls.trustStore(StoreType.PKCS12), null);
    try (Connection connection = tlsFactory(tlsNode, context).newConnection("bd-alarm")) {
      BlockingQueue<String> events = new LinkedBlockingQueue<>();
      connection.addBlockedListener(events::add, () -> events.add("unblocked"));
      Channel channel = connection.createChannel();
      channel.confirmSelect();
      String queue = channel.queueDeclare().getQueue();
      try {
        tlsNode.setMemoryHighWatermark(0.0001);
        String reason = publishUntilBlocked(channel, queue, events);
        assertTrue(reason.contains("memory"), reason);
        channel.basicPublish("", queue, null, bytes("held back"));
        assertThrows(TimeoutException.class, () -> channel.waitForConfirms(1_000));
      } finally {
        tlsNode.setMemoryHighWatermark(0.4);
      }
      assertEquals("unblocked", events.poll(30, SECONDS));
      channel.waitForConfirmsOrDie(10_000);
      assertTrue(channel.messageCount(queue) >= 2, "the held message arrived after the alarm");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreType.class)
  void externalAuthenticationNeedsNoPassword(StoreType type) throws Exception {
    SSLContext context = tls.sslContext(tls.trustStore(type), tls.clientKeyStore(type));
    ConnectionFactory factory = tlsFactory(mutualTlsNode, context);
    factory.setSaslConfig(DefaultSaslConfig.EXTERNAL);
    factory.setPassword("not-checked");
    try (Connection connection = factory.newConnection("bd-mtls-" + type)) {
      assertEquals("from " + TlsFiles.CLIENT_NAME, roundTrip(connection, TlsFiles.CLIENT_NAME));
    }
  }

  @Test
  void passwordUserNeedsTheRightPassword() throws Exception {
    mutualTlsNode.addUser(PLAIN_USER, PLAIN_PASSWORD);
    SSLContext context =
        tls.sslContext(tls.trustStore(StoreType.JKS), tls.clientKeyStore(StoreType.JKS));
    ConnectionFactory factory = tlsFactory(mutualTlsNode, context);
    factory.setUsername(PLAIN_USER);
    factory.setPassword(PLAIN_PASSWORD);
    try (Connection connection = factory.newConnection("bd-plain")) {
      assertEquals("from " + PLAIN_USER, roundTrip(connection, PLAIN_USER));
    }
    factory.setPassword("wrong");
    assertThrows(AuthenticationFailureException.class, factory::newConnection);
  }

  @Test
  void clientWithoutCertificateIsRefused() {
    SSLContext context = tls.sslContext(tls.trustStore(StoreType.PKCS12), null);
    ConnectionFactory factory = tlsFactory(mutualTlsNode, context);
    assertThrows(IOException.class, factory::newConnection);
  }

  @Test
  void certificateOfAnUntrustedCaIsRefused() {
    SSLContext context =
        tls.sslContext(
            tls.trustStore(StoreType.PKCS12), tls.untrustedClientKeyStore(StoreType.PKCS12));
    ConnectionFactory factory = tlsFactory(mutualTlsNode, context);
    factory.setSaslConfig(DefaultSaslConfig.EXTERNAL);
    assertThrows(IOException.class, factory::newConnection);
  }

  private static ConnectionFactory tlsFactory(RabbitNode node, SSLContext context) {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(node.tlsPort());
    factory.useSslProtocol(context);
    factory.enableHostnameVerification();
    return factory;
  }

  /**
   * Publishes a message and gets it back. Its user-id property names the user the connection should
   * be authenticated as: the broker refuses a message whose user-id is another user's.
   */
  private static String roundTrip(Connection connection, String user) throws Exception {
    Channel channel = connection.createChannel();
    String queue = channel.queueDeclare().getQueue();
    channel.confirmSelect();
    BasicProperties properties = new BasicProperties.Builder().userId(user).build();
    channel.basicPublish("", queue, properties, bytes("from " + user));
    channel.waitForConfirmsOrDie(10_000);
    GetResponse response = channel.basicGet(queue, true);
    assertNotNull(response, "the message is in " + queue);
    assertEquals(user, response.getProps().getUserId());
    return new String(response.getBody(), StandardCharsets.UTF_8);
  }

  /** Publishes a message every 200 ms until the broker says the connection is blocked. */
  private static String publishUntilBlocked(
      Channel channel, String queue, BlockingQueue<String> events) {
    String[] reason = new String[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              channel.basicPublish("", queue, null, bytes("before the block"));
              reason[0] = events.poll();
              return reason[0] != null;
            });
    return reason[0];
  }

  private static boolean hasSslCause(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SSLException) {
        return true;
      }
    }
    return false;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
