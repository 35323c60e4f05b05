package io.barterdude.arquillian;

import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The server a run targets, chosen by the Maven profile through {@code arquillian.launch} (the
 * Arquillian container qualifier); each gets queues and a connection name of its own.
 */
enum TestServer {
  LIBERTY,
  PAYARA;

  /**
   * The server of this run: {@code arquillian.launch} on the client side (set by the pom), the test
   * WAR's {@code arq.server} inside the server.
   */
  static TestServer current() {
    String launch = System.getProperty("arquillian.launch");
    if (launch == null) {
      launch = ConfigProvider.getConfig().getValue("arq.server", String.class);
    }
    return valueOf(launch.toUpperCase(Locale.ROOT));
  }

  /** The server's name in queue names and configuration: {@code liberty} or {@code payara}. */
  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The name of the test application's connection to the broker. */
  String connectionName() {
    return "barterdude-arquillian-" + id();
  }

  /** A queue of this server's test application, e.g. {@code bd-arq-liberty-forward}. */
  String queue(String role) {
    return "bd-arq-" + id() + "-" + role;
  }

  // ---- Where the servers differ; BarterDudeInServerIT and BarterDudeOverHttpIT show each. ----

  /**
   * Whether {@code /health} answers the checks' data with their JSON types ({@code "connected":
   * true}, {@code "success": 0}): true on Open Liberty; Payara writes every value as a string
   * ({@code "connected": "true"}).
   */
  boolean healthDataKeepsJsonTypes() {
    return this == LIBERTY;
  }
}
