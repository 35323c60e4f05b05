package io.barterdude.internal.config;

import static io.barterdude.internal.config.ConfigKeys.TLS_KEY_STORE;
import static io.barterdude.internal.config.ConfigKeys.TLS_KEY_STORE_PASSWORD;
import static io.barterdude.internal.config.ConfigKeys.TLS_KEY_STORE_TYPE;
import static io.barterdude.internal.config.ConfigKeys.TLS_PROTOCOLS;
import static io.barterdude.internal.config.ConfigKeys.TLS_TRUST_STORE;
import static io.barterdude.internal.config.ConfigKeys.TLS_TRUST_STORE_PASSWORD;
import static io.barterdude.internal.config.ConfigKeys.TLS_TRUST_STORE_TYPE;
import static io.barterdude.internal.config.ConfigKeys.TLS_VERIFY_HOSTNAME;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How to connect with TLS. {@link #toString()} never shows the passwords.
 *
 * @param trustStore the trust store, or null for the JVM's default one
 * @param trustStoreType PKCS12 or JKS
 * @param trustStorePassword its password, or null
 * @param keyStore the key store with the client certificate, or null
 * @param keyStoreType PKCS12 or JKS
 * @param keyStorePassword its password, or null
 * @param protocols the TLS versions allowed
 * @param verifyHostname whether the broker's certificate must name the host
 */
public record TlsSettings(
    Path trustStore,
    String trustStoreType,
    String trustStorePassword,
    Path keyStore,
    String keyStoreType,
    String keyStorePassword,
    List<String> protocols,
    boolean verifyHostname) {

  private static final String[] STORE_TYPES = {"PKCS12", "JKS"};

  static TlsSettings read(ConfigReader reader) {
    return new TlsSettings(
        store(reader, TLS_TRUST_STORE),
        reader.choice(TLS_TRUST_STORE_TYPE, STORE_TYPES),
        reader.optional(TLS_TRUST_STORE_PASSWORD),
        store(reader, TLS_KEY_STORE),
        reader.choice(TLS_KEY_STORE_TYPE, STORE_TYPES),
        reader.optional(TLS_KEY_STORE_PASSWORD),
        reader.list(TLS_PROTOCOLS),
        reader.bool(TLS_VERIFY_HOSTNAME));
  }

  private static Path store(ConfigReader reader, ConfigKey key) {
    String file = reader.optional(key);
    if (file == null) {
      return null;
    }
    Path path = Path.of(file);
    if (!Files.isReadable(path)) {
      reader.problem(key.name() + " must be a readable file, was '" + file + "'");
    }
    return path;
  }

  @Override
  public String toString() {
    return "TlsSettings[trustStore="
        + trustStore
        + ", keyStore="
        + keyStore
        + ", protocols="
        + protocols
        + ", verifyHostname="
        + verifyHostname
        + "]";
  }
}
