package io.barterdude.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Address;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the connection keys are read, and what a wrong value says (never a secret). */
class BrokerSettingsTest {

  static Settings read(Map<String, String> values) {
    return Settings.from(
        new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(values, "test", 500))
            .build());
  }

  @Test
  void anAmqpsUriGivesTheHostUserVirtualHostAndTheTlsPort() {
    BrokerSettings broker =
        read(Map.of("barterdude.uri", "amqps://app:s%40cret+1@broker.example/orders%2Fprod"))
            .broker();
    assertEquals(List.of(new Address("broker.example", 5671)), broker.addresses());
    assertEquals("app", broker.username());
    assertEquals("s@cret+1", broker.password());
    assertEquals("orders/prod", broker.virtualHost());
    assertTrue(broker.tls().verifyHostname());
    assertEquals(List.of("TLSv1.3", "TLSv1.2"), broker.tls().protocols());
    assertFalse(broker.toString().contains("s@cret"), broker.toString());
  }

  @Test
  void withoutTlsThereAreNoTlsSettingsAndThePortIs5672() {
    BrokerSettings broker = read(Map.of("barterdude.hostname", "rabbit")).broker();
    assertNull(broker.tls());
    assertEquals(List.of(new Address("rabbit", 5672)), broker.addresses());
    assertEquals("barterdude-publish", broker.connectionName("publish"));
  }

  @Test
  void everyWrongConnectionValueIsReportedAtOnceWithoutTheSecrets() {
    InvalidConfigurationException error =
        assertThrows(
            InvalidConfigurationException.class,
            () ->
                read(
                    Map.of(
                        "barterdude.uri", "http://user:hunter2@host",
                        "barterdude.auth-mechanism", "KERBEROS",
                        "barterdude.heartbeat-seconds", "-1",
                        "barterdude.tls.enabled", "yes")));
    String message = error.getMessage();
    assertTrue(message.contains("barterdude.uri must be amqp://"), message);
    assertTrue(
        message.contains("barterdude.auth-mechanism must be one of [PLAIN, EXTERNAL]"), message);
    assertTrue(message.contains("barterdude.heartbeat-seconds must be an integer from 0"), message);
    assertTrue(message.contains("barterdude.tls.enabled must be true or false"), message);
    assertFalse(message.contains("hunter2"), message);
  }

  @Test
  void externalNeedsAClientCertificateAndStoresMustExist() {
    InvalidConfigurationException error =
        assertThrows(
            InvalidConfigurationException.class,
            () ->
                read(
                    Map.of(
                        "barterdude.tls.enabled", "true",
                        "barterdude.tls.trust-store", "/nowhere/trust.p12",
                        "barterdude.tls.trust-store-type", "PEM",
                        "barterdude.auth-mechanism", "external")));
    String message = error.getMessage();
    assertTrue(message.contains("barterdude.tls.trust-store must be a readable file"), message);
    assertTrue(
        message.contains("barterdude.tls.trust-store-type must be one of [PKCS12, JKS]"), message);
    assertTrue(message.contains("EXTERNAL authenticates with a TLS client certificate"), message);
  }

  @Test
  void aUriAndAnAddressListContradictEachOther() {
    InvalidConfigurationException error =
        assertThrows(
            InvalidConfigurationException.class,
            () ->
                read(
                    Map.of(
                        "barterdude.uri", "amqp://host",
                        "barterdude.addresses", "a:5672,b:5672")));
    assertTrue(error.getMessage().contains("names one broker"), error.getMessage());
  }
}
