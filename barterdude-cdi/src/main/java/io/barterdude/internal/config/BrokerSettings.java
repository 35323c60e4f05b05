package io.barterdude.internal.config;

import static io.barterdude.internal.config.ConfigKeys.ADDRESSES;
import static io.barterdude.internal.config.ConfigKeys.ADDRESS_SHUFFLE;
import static io.barterdude.internal.config.ConfigKeys.AUTH_MECHANISM;
import static io.barterdude.internal.config.ConfigKeys.CONNECTION_NAME;
import static io.barterdude.internal.config.ConfigKeys.CONNECTION_TIMEOUT;
import static io.barterdude.internal.config.ConfigKeys.HANDSHAKE_TIMEOUT;
import static io.barterdude.internal.config.ConfigKeys.HEARTBEAT;
import static io.barterdude.internal.config.ConfigKeys.HOSTNAME;
import static io.barterdude.internal.config.ConfigKeys.PASSWORD;
import static io.barterdude.internal.config.ConfigKeys.PORT;
import static io.barterdude.internal.config.ConfigKeys.TLS_ENABLED;
import static io.barterdude.internal.config.ConfigKeys.URI;
import static io.barterdude.internal.config.ConfigKeys.USERNAME;
import static io.barterdude.internal.config.ConfigKeys.VIRTUAL_HOST;

import com.rabbitmq.client.Address;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Where and how to connect to the broker. {@link #toString()} never shows the password.
 *
 * @param addresses the broker addresses
 * @param shuffleAddresses whether each connect tries the addresses in a new random order (else in
 *     the order listed)
 * @param username the user name
 * @param password the password
 * @param virtualHost the virtual host
 * @param authMechanism PLAIN or EXTERNAL
 * @param tls how to use TLS, or null without TLS
 * @param heartbeatSeconds the heartbeat asked of the broker; 0 for none
 * @param connectionTimeout the TCP connect timeout
 * @param handshakeTimeout the longest AMQP handshake
 * @param connectionName the base of the connections' names
 */
public record BrokerSettings(
    List<Address> addresses,
    boolean shuffleAddresses,
    String username,
    String password,
    String virtualHost,
    String authMechanism,
    TlsSettings tls,
    int heartbeatSeconds,
    Duration connectionTimeout,
    Duration handshakeTimeout,
    String connectionName) {

  /** The SASL mechanism that authenticates with the TLS client certificate. */
  public static final String EXTERNAL = "EXTERNAL";

  private static final String RANDOM = "RANDOM";

  private static final int AMQP_PORT = 5672;
  private static final int AMQPS_PORT = 5671;

  static BrokerSettings read(ConfigReader reader) {
    java.net.URI uri = uri(reader);
    boolean tls = uri != null ? "amqps".equals(uri.getScheme()) : reader.bool(TLS_ENABLED);
    String[] user = uri == null ? null : userInfo(uri);
    BrokerSettings settings =
        new BrokerSettings(
            uri != null ? List.of(uriAddress(uri, tls)) : addresses(reader, tls),
            RANDOM.equals(reader.choice(ADDRESS_SHUFFLE, RANDOM, "NONE")),
            user != null ? user[0] : reader.text(USERNAME),
            user != null ? user[1] : reader.text(PASSWORD),
            uri != null ? virtualHost(uri) : reader.text(VIRTUAL_HOST),
            reader.choice(AUTH_MECHANISM, "PLAIN", EXTERNAL),
            tls ? TlsSettings.read(reader) : null,
            reader.integer(HEARTBEAT, 0, 3600),
            reader.millis(CONNECTION_TIMEOUT),
            reader.millis(HANDSHAKE_TIMEOUT),
            reader.text(CONNECTION_NAME));
    if (EXTERNAL.equals(settings.authMechanism())
        && (settings.tls() == null || settings.tls().keyStore() == null)) {
      reader.problem(
          AUTH_MECHANISM.name()
              + "=EXTERNAL authenticates with a TLS client certificate: it needs TLS and"
              + " barterdude.tls.key-store");
    }
    return settings;
  }

  /** The name of one of the two connections, {@code <connection-name>-<role>}. */
  public String connectionName(String role) {
    return connectionName + "-" + role;
  }

  private static java.net.URI uri(ConfigReader reader) {
    String text = reader.optional(URI);
    if (text == null) {
      return null;
    }
    if (reader.isSet(ADDRESSES)) {
      reader.problem(URI.name() + " names one broker, " + ADDRESSES.name() + " several: set one");
    }
    try {
      java.net.URI uri = new java.net.URI(text);
      if (("amqp".equals(uri.getScheme()) || "amqps".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below, without the URI, which may hold a password
    }
    reader.problem(
        URI.name() + " must be amqp://[user:password@]host[:port][/vhost] or amqps://...");
    return null;
  }

  private static Address uriAddress(java.net.URI uri, boolean tls) {
    return new Address(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : defaultPort(tls));
  }

  private static String[] userInfo(java.net.URI uri) {
    String info = uri.getRawUserInfo();
    if (info == null) {
      return null;
    }
    String[] parts = info.split(":", 2);
    return new String[] {decode(parts[0]), parts.length == 2 ? decode(parts[1]) : ""};
  }

  private static String virtualHost(java.net.URI uri) {
    String path = uri.getRawPath();
    return path == null || path.length() <= 1 ? "/" : decode(path.substring(1));
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static List<Address> addresses(ConfigReader reader, boolean tls) {
    String list = reader.optional(ADDRESSES);
    if (list == null) {
      int port = reader.isSet(PORT) ? reader.integer(PORT, 1, 65_535) : defaultPort(tls);
      return List.of(new Address(reader.text(HOSTNAME), port));
    }
    try {
      return List.of(Address.parseAddresses(list)).stream()
          .map(a -> a.getPort() > 0 ? a : new Address(a.getHost(), defaultPort(tls)))
          .toList();
    } catch (RuntimeException e) {
      reader.problem(ADDRESSES.name() + " must be a comma-separated host[:port] list");
      return List.of();
    }
  }

  private static int defaultPort(boolean tls) {
    return tls ? AMQPS_PORT : AMQP_PORT;
  }

  @Override
  public String toString() {
    return "BrokerSettings[addresses="
        + addresses
        + ", shuffleAddresses="
        + shuffleAddresses
        + ", username="
        + username
        + ", password=***, virtualHost="
        + virtualHost
        + ", authMechanism="
        + authMechanism
        + ", tls="
        + tls
        + ", connectionName="
        + connectionName
        + "]";
  }
}
