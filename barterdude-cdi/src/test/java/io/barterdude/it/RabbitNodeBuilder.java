package io.barterdude.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The options of a {@link RabbitNode}: listeners, TLS, plugins, extra {@code rabbitmq.conf} lines.
 * {@link #build()} picks the name and free ports and writes the node's files; {@link #start()} also
 * starts it.
 */
public final class RabbitNodeBuilder {

  private boolean plainListener = true;
  private Path caCert;
  private Path serverCert;
  private Path serverKey;
  private boolean mutualTls;
  private final List<String> plugins = new ArrayList<>();
  private final List<String> config = new ArrayList<>();
  private Duration startTimeout = Duration.ofSeconds(90);

  RabbitNodeBuilder() {}

  /** Adds a TLS listener with the trusted CA and the {@code localhost} server certificate. */
  public RabbitNodeBuilder tls(TlsFiles files) {
    return tls(files.caCert(), files.serverCert(), files.serverKey());
  }

  /**
   * Adds a TLS listener with these PEM files (readable by the {@code rabbitmq} user), for example
   * {@link TlsFiles#wrongHostCert()} for a hostname-verification test.
   */
  public RabbitNodeBuilder tls(Path caCert, Path serverCert, Path serverKey) {
    this.caCert = caCert;
    this.serverCert = serverCert;
    this.serverKey = serverKey;
    return this;
  }

  /** Leaves out the plain AMQP listener: only TLS clients can connect. */
  public RabbitNodeBuilder withoutPlainListener() {
    plainListener = false;
    return this;
  }

  /**
   * Requires a client certificate signed by the CA ({@code verify_peer}, {@code
   * fail_if_no_peer_cert}) and offers EXTERNAL authentication (then PLAIN), the user name being the
   * certificate's CN; enables {@code rabbitmq_auth_mechanism_ssl}. Add the user with {@link
   * RabbitNode#addUser(String, String) addUser(name, null)}.
   */
  public RabbitNodeBuilder mutualTls() {
    mutualTls = true;
    return plugin("rabbitmq_auth_mechanism_ssl");
  }

  /** Enables a plugin shipped with the server at boot. */
  public RabbitNodeBuilder plugin(String name) {
    plugins.add(name);
    return this;
  }

  /** Appends one line to {@code rabbitmq.conf}, for example {@code "heartbeat = 5"}. */
  public RabbitNodeBuilder config(String line) {
    config.add(line);
    return this;
  }

  /** How long {@link RabbitNode#start()} waits for the node (default 90 s). */
  public RabbitNodeBuilder startTimeout(Duration timeout) {
    startTimeout = timeout;
    return this;
  }

  /** Builds and starts the node. */
  public RabbitNode start() {
    return build().start();
  }

  /** Picks a name and free ports and writes the node's files; does not start it. */
  public RabbitNode build() {
    if (caCert == null && (mutualTls || !plainListener)) {
      throw new IllegalStateException("mutual TLS or a node without plain listener needs tls(...)");
    }
    String name = "bdt-" + UUID.randomUUID().toString().substring(0, 8);
    Path dir = RabbitNodeRegistry.NODES.resolve(name);
    int[] ports = freePorts(3);
    if (!plainListener) {
      ports[0] = 0;
    }
    if (caCert == null) {
      ports[1] = 0;
    }
    writeFiles(dir, ports);
    RabbitNodeRegistry.markInUse(dir);
    return new RabbitNode(name + "@localhost", dir, ports, startTimeout);
  }

  private void writeFiles(Path dir, int[] ports) {
    try {
      Files.createDirectories(dir.resolve("mnesia"));
      Files.createDirectories(dir.resolve("log"));
      Files.write(dir.resolve("rabbitmq.conf"), configLines(ports[0], ports[1]));
      Files.writeString(dir.resolve("enabled_plugins"), "[" + String.join(",", plugins) + "].\n");
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the files of a RabbitMQ node in " + dir, e);
    }
    RabbitProcesses.chownToRabbitmq(dir);
  }

  private List<String> configLines(int amqpPort, int tlsPort) {
    List<String> lines = new ArrayList<>();
    lines.add(
        amqpPort == 0 ? "listeners.tcp = none" : "listeners.tcp.default = 127.0.0.1:" + amqpPort);
    if (tlsPort != 0) {
      lines.add("listeners.ssl.default = 127.0.0.1:" + tlsPort);
      lines.add("ssl_options.cacertfile = " + caCert.toAbsolutePath());
      lines.add("ssl_options.certfile = " + serverCert.toAbsolutePath());
      lines.add("ssl_options.keyfile = " + serverKey.toAbsolutePath());
      lines.add("ssl_options.verify = " + (mutualTls ? "verify_peer" : "verify_none"));
      lines.add("ssl_options.fail_if_no_peer_cert = " + mutualTls);
    }
    if (mutualTls) {
      lines.add("auth_mechanisms.1 = EXTERNAL");
      lines.add("auth_mechanisms.2 = PLAIN");
      lines.add("ssl_cert_login_from = common_name");
    }
    lines.addAll(config);
    return lines;
  }

  /** Loopback ports free now, all different (the sockets are held open together). */
  private static int[] freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port", e);
    } finally {
      sockets.forEach(RabbitNodeBuilder::closeQuietly);
    }
  }

  private static void closeQuietly(ServerSocket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // the port is released anyway
    }
  }
}
