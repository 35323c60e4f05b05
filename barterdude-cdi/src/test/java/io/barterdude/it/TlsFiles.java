package io.barterdude.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates for TLS tests, generated at runtime with {@code openssl} 3.0 or newer ({@code req
 * -x509 -CA}; EC P-256 keys, valid for two days) and never committed: a CA, a server certificate
 * for {@code localhost} (SAN {@code DNS:localhost, IP:127.0.0.1}), a server certificate for a wrong
 * host ({@value #WRONG_HOST}), a client certificate whose CN is {@value #CLIENT_NAME} (for EXTERNAL
 * authentication), and a second, untrusted CA with a client certificate of its own.
 *
 * <p>The broker gets PEM files ({@code *.pem}, keys {@code *.key}, PKCS#8), the Java client key
 * stores in PKCS12 ({@code *.p12}) and JKS ({@code *.jks}), all with the password {@value
 * #PASSWORD} (store and key). The files of {@link #generate()} lie in {@code <nodes
 * directory>/tls-<random>/}, owned by the {@code rabbitmq} user so that a node can read them.
 * Generating them all takes 0.5-1.3 s (2-5 s on a loaded machine).
 */
public final class TlsFiles {

  /** The password of every key store and of the keys inside. */
  public static final String PASSWORD = "barterdude-test";

  /** The common name of the client certificate: the broker user of EXTERNAL authentication. */
  public static final String CLIENT_NAME = "bd-client";

  /** The only host name in the wrong-host server certificate. */
  public static final String WRONG_HOST = "not-localhost.example";

  private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(30);

  /** The formats of the Java key stores, named as {@link KeyStore#getInstance(String)} wants. */
  public enum StoreType {
    PKCS12("p12"),
    JKS("jks");

    private final String extension;

    StoreType(String extension) {
      this.extension = extension;
    }

    /** The file name extension of stores of this type, without the dot. */
    public String extension() {
      return extension;
    }
  }

  private final Path dir;

  private TlsFiles(Path dir) {
    this.dir = dir;
  }

  /** Generates every file in a new directory beside the test nodes (see RabbitNodeRegistry). */
  public static TlsFiles generate() {
    return generate(
        RabbitNodeRegistry.NODES.resolve("tls-" + UUID.randomUUID().toString().substring(0, 8)));
  }

  /**
   * Generates every file in the given directory (created if missing), which {@link
   * RabbitNode#stopStrays()} then leaves alone while this JVM runs.
   */
  public static TlsFiles generate(Path dir) {
    RabbitNodeRegistry.markInUse(dir);
    TlsFiles files = new TlsFiles(dir.toAbsolutePath());
    try {
      Files.createDirectories(dir);
      files.generateAll();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate the TLS files in " + dir, e);
    }
    RabbitProcesses.chownToRabbitmq(dir);
    return files;
  }

  private void generateAll() throws IOException, GeneralSecurityException {
    authority("ca", "barterdude-test-ca");
    authority("untrusted-ca", "barterdude-untrusted-ca");
    leaf("server", "ca", "localhost", "serverAuth", "DNS:localhost,IP:127.0.0.1");
    leaf("wrong-host", "ca", WRONG_HOST, "serverAuth", "DNS:" + WRONG_HOST);
    leaf("client", "ca", CLIENT_NAME, "clientAuth", null);
    leaf("untrusted-client", "untrusted-ca", CLIENT_NAME, "clientAuth", null);
    for (StoreType type : StoreType.values()) {
      writeTrustStore(trustStore(type), type, caCert());
      writeTrustStore(untrustedTrustStore(type), type, untrustedCaCert());
      writeKeyStore(clientKeyStore(type), type, "client", "ca");
      writeKeyStore(untrustedClientKeyStore(type), type, "untrusted-client", "untrusted-ca");
    }
  }

  /** The directory of every file. */
  public Path dir() {
    return dir;
  }

  /** The CA that signed the server and client certificates (PEM). */
  public Path caCert() {
    return pem("ca");
  }

  /** A CA that signed nothing the broker uses: a client trusting only it must be refused (PEM). */
  public Path untrustedCaCert() {
    return pem("untrusted-ca");
  }

  /** The server certificate for {@code localhost} and {@code 127.0.0.1} (PEM). */
  public Path serverCert() {
    return pem("server");
  }

  /** The private key of {@link #serverCert()} (PEM, PKCS#8, no password). */
  public Path serverKey() {
    return key("server");
  }

  /** A server certificate of the trusted CA for {@value #WRONG_HOST} only (PEM). */
  public Path wrongHostCert() {
    return pem("wrong-host");
  }

  /** The private key of {@link #wrongHostCert()} (PEM). */
  public Path wrongHostKey() {
    return key("wrong-host");
  }

  /** The client certificate, CN {@value #CLIENT_NAME}, signed by the trusted CA (PEM). */
  public Path clientCert() {
    return pem("client");
  }

  /** The private key of {@link #clientCert()} (PEM). */
  public Path clientKey() {
    return key("client");
  }

  /** A trust store holding the CA ({@code truststore.p12} / {@code .jks}). */
  public Path trustStore(StoreType type) {
    return store("truststore", type);
  }

  /** A trust store holding only the untrusted CA ({@code untrusted-truststore.*}). */
  public Path untrustedTrustStore(StoreType type) {
    return store("untrusted-truststore", type);
  }

  /** The client key with its certificate chain (client, CA): {@code client.p12} / {@code .jks}. */
  public Path clientKeyStore(StoreType type) {
    return store("client", type);
  }

  /** A client key, CN {@value #CLIENT_NAME}, whose certificate the untrusted CA signed. */
  public Path untrustedClientKeyStore(StoreType type) {
    return store("untrusted-client", type);
  }

  /** {@link #PASSWORD} as the char array the key store APIs want (a new array each time). */
  public char[] password() {
    return PASSWORD.toCharArray();
  }

  /**
   * A TLS client context trusting the CAs of one trust store and, when {@code keyStore} is not
   * null, presenting its key (mutual TLS).
   */
  public SSLContext sslContext(Path trustStore, Path keyStore) {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(load(trustStore));
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore == null ? null : load(keyStore), password());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyStore == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS context from " + trustStore, e);
    }
  }

  /** Reads a store of either type (the JDK recognises both formats). */
  private KeyStore load(Path store) throws IOException, GeneralSecurityException {
    return KeyStore.getInstance(store.toFile(), password());
  }

  private Path pem(String name) {
    return dir.resolve(name + ".pem");
  }

  private Path key(String name) {
    return dir.resolve(name + ".key");
  }

  private Path store(String name, StoreType type) {
    return dir.resolve(name + "." + type.extension());
  }

  private void authority(String name, String commonName) throws IOException {
    Path config =
        writeConfig(
            name,
            commonName,
            "basicConstraints = critical,CA:TRUE",
            "keyUsage = critical,keyCertSign,cRLSign");
    openssl("req", "-x509", "-new", "-config", config, "-extensions", "ext", "-days", "2")
        .addAll(keyOptions(name))
        .add("-out", pem(name))
        .run();
  }

  private void leaf(String name, String issuer, String commonName, String usage, String altNames)
      throws IOException {
    List<String> extensions = new ArrayList<>(List.of("basicConstraints = CA:FALSE"));
    extensions.add("keyUsage = critical,digitalSignature,keyAgreement");
    extensions.add("extendedKeyUsage = " + usage);
    if (altNames != null) {
      extensions.add("subjectAltName = " + altNames);
    }
    Path config = writeConfig(name, commonName, extensions.toArray(String[]::new));
    openssl("req", "-x509", "-new", "-config", config, "-extensions", "ext", "-days", "2")
        .add("-CA", pem(issuer), "-CAkey", key(issuer))
        .addAll(keyOptions(name))
        .add("-out", pem(name))
        .run();
  }

  private List<Object> keyOptions(String name) {
    return List.of(
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        key(name));
  }

  private Path writeConfig(String name, String commonName, String... extensions)
      throws IOException {
    String text =
        "[req]\nprompt = no\ndistinguished_name = dn\n[dn]\nCN = "
            + commonName
            + "\n[ext]\n"
            + String.join("\n", extensions)
            + "\n";
    return Files.writeString(dir.resolve(name + ".cnf"), text);
  }

  private void writeTrustStore(Path file, StoreType type, Path caPem)
      throws IOException, GeneralSecurityException {
    KeyStore store = emptyStore(type);
    store.setCertificateEntry("ca", readCertificate(caPem));
    save(store, file);
  }

  private void writeKeyStore(Path file, StoreType type, String name, String issuer)
      throws IOException, GeneralSecurityException {
    KeyStore store = emptyStore(type);
    Certificate[] chain = {readCertificate(pem(name)), readCertificate(pem(issuer))};
    store.setKeyEntry(name, readKey(key(name)), password(), chain);
    save(store, file);
  }

  private KeyStore emptyStore(StoreType type) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(type.name());
    store.load(null, null);
    return store;
  }

  private void save(KeyStore store, Path file) throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password());
    }
  }

  private static Certificate readCertificate(Path pem)
      throws IOException, GeneralSecurityException {
    try (var in = Files.newInputStream(pem)) {
      return CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static PrivateKey readKey(Path pem) throws IOException, GeneralSecurityException {
    String base64 =
        Files.readString(pem, StandardCharsets.US_ASCII)
            .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(base64);
    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  private static OpenSsl openssl(Object... arguments) {
    return new OpenSsl().add(arguments);
  }

  /** One {@code openssl} command line; paths become strings. */
  private static final class OpenSsl {
    private final List<String> command = new ArrayList<>(List.of("openssl"));

    OpenSsl add(Object... arguments) {
      return addAll(List.of(arguments));
    }

    OpenSsl addAll(List<?> arguments) {
      arguments.forEach(argument -> command.add(argument.toString()));
      return this;
    }

    void run() {
      RabbitProcesses.run(command, Map.of(), OPENSSL_TIMEOUT).orThrow();
    }
  }
}
