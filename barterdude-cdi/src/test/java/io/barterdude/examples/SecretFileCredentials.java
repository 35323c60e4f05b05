package io.barterdude.examples;

import com.rabbitmq.client.impl.CredentialsProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An example of credentials that change: the user name and password (or an OAuth 2 access token)
 * are read from a file that a secrets manager or Kubernetes rewrites, {@code user:password} on one
 * line. BarterDude uses the application's {@link CredentialsProvider} bean when there is one, and
 * the client's refresh service calls {@link #refresh()} before {@link #getTimeBeforeExpiration()}
 * runs out, then hands the new secret to the open connections.
 */
public class SecretFileCredentials implements CredentialsProvider {

  private final Path file;
  private final Duration validity;
  private final AtomicInteger refreshes = new AtomicInteger();
  private volatile String[] current;

  /**
   * Reads the credentials now.
   *
   * @param file the file holding {@code user:password}
   * @param validity how long a read stays valid
   */
  public SecretFileCredentials(Path file, Duration validity) {
    this.file = file;
    this.validity = validity;
    this.current = read(file);
  }

  @Override
  public String getUsername() {
    return current[0];
  }

  @Override
  public String getPassword() {
    return current[1];
  }

  @Override
  public Duration getTimeBeforeExpiration() {
    return validity;
  }

  @Override
  public void refresh() {
    current = read(file);
    refreshes.incrementAndGet();
  }

  /** How many times the credentials were read again. */
  public int refreshes() {
    return refreshes.get();
  }

  private static String[] read(Path file) {
    try {
      return Files.readString(file).strip().split(":", 2);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the credentials file " + file, e);
    }
  }
}
