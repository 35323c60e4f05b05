package io.barterdude.internal.connection;

import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import com.rabbitmq.client.SocketConfigurator;
import com.rabbitmq.client.SocketConfigurators;
import io.barterdude.internal.config.BrokerSettings;
import io.barterdude.internal.config.InvalidConfigurationException;
import io.barterdude.internal.config.Settings;
import io.barterdude.internal.config.TlsSettings;
import io.barterdude.internal.container.ContainerServices;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the client's connection factory from the settings: credentials (password, the {@link
 * Credentials} of a provider bean with their refresh, or the TLS client certificate), TLS,
 * heartbeat and timeouts, automatic recovery. Both of the application's connections use it.
 */
public final class ConnectionFactories {

  /** The longest wait for one channel operation's answer (the client's default is 10 min). */
  static final int CHANNEL_RPC_TIMEOUT_MILLIS = 10_000;

  private ConnectionFactories() {}

  /**
   * Creates the factory.
   *
   * @param credentials the application's credentials, if it has a provider
   * @throws InvalidConfigurationException if a key or trust store cannot be read
   */
  public static ConnectionFactory create(
      Settings settings, ContainerServices services, Optional<Credentials> credentials) {
    BrokerSettings broker = settings.broker();
    ConnectionFactory factory = new ConnectionFactory();
    factory.setVirtualHost(broker.virtualHost());
    authenticate(factory, broker, credentials);
    factory.setRequestedHeartbeat(broker.heartbeatSeconds());
    factory.setConnectionTimeout((int) broker.connectionTimeout().toMillis());
    factory.setHandshakeTimeout((int) broker.handshakeTimeout().toMillis());
    factory.setChannelRpcTimeout(CHANNEL_RPC_TIMEOUT_MILLIS);
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    services.threadFactory().ifPresent(factory::setThreadFactory);
    if (broker.tls() != null) {
      useTls(factory, broker.tls());
    }
    return factory;
  }

  private static void authenticate(
      ConnectionFactory factory, BrokerSettings broker, Optional<Credentials> credentials) {
    if (BrokerSettings.EXTERNAL.equals(broker.authMechanism())) {
      factory.setSaslConfig(DefaultSaslConfig.EXTERNAL);
    } else if (credentials.isPresent()) {
      factory.setCredentialsProvider(credentials.get().provider());
      credentials.get().refresh().ifPresent(factory::setCredentialsRefreshService);
    } else {
      factory.setUsername(broker.username());
      factory.setPassword(broker.password());
    }
  }

  private static void useTls(ConnectionFactory factory, TlsSettings tls) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      KeyManagerFactory keys = null;
      if (tls.keyStore() != null) {
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(
            load(tls.keyStore(), tls.keyStoreType(), tls.keyStorePassword()),
            chars(tls.keyStorePassword()));
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(
          tls.trustStore() == null
              ? null
              : load(tls.trustStore(), tls.trustStoreType(), tls.trustStorePassword()));
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      factory.useSslProtocol(context);
    } catch (GeneralSecurityException | IOException e) {
      throw new InvalidConfigurationException(
          List.of("cannot set up TLS from barterdude.tls.*: " + e.getMessage()));
    }
    SocketConfigurator protocols = socket -> restrict(socket, tls.protocols());
    factory.setSocketConfigurator(SocketConfigurators.defaultConfigurator().andThen(protocols));
    if (tls.verifyHostname()) {
      factory.enableHostnameVerification();
    }
  }

  private static void restrict(java.net.Socket socket, List<String> protocols) {
    if (socket instanceof SSLSocket tlsSocket) {
      tlsSocket.setEnabledProtocols(protocols.toArray(String[]::new));
    }
  }

  private static KeyStore load(Path file, String type, String password)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(type);
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, chars(password));
    }
    return store;
  }

  private static char[] chars(String password) {
    return password == null ? null : password.toCharArray();
  }
}
