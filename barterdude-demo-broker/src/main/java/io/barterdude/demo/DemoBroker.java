package io.barterdude.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.qpid.server.SystemLauncher;

/**
 * An in-memory AMQP 0-9-1 broker (Apache Qpid Broker-J) on 127.0.0.1, with RabbitMQ's default
 * {@code guest}/{@code guest} user and its default virtual host {@code /}. Nothing survives it.
 */
public final class DemoBroker implements AutoCloseable {

  /**
   * Qpid settings that make it behave as BarterDude expects RabbitMQ to: RabbitMQ's {@code x-}
   * queue and exchange arguments (such as the sample's {@code x-max-length}) are ignored instead of
   * closing the connection, and a message rejected without requeue is dropped, as a RabbitMQ queue
   * without dead-letter exchange does, instead of being delivered again and again (a requeued
   * message does not count as an attempt, so it still comes back every time). No user preferences
   * are stored.
   */
  private static final Map<String, String> RABBITMQ_LIKE =
      Map.of(
          "queue.behaviourOnUnknownDeclareArgument", "IGNORE",
          "exchange.behaviourOnUnknownDeclareArgument", "IGNORE",
          "queue.maximumDeliveryAttempts", "1",
          "qpid.broker.defaultPreferenceStoreAttributes", "{\"type\": \"Noop\"}");

  private final SystemLauncher launcher;
  private final Path workDir;
  private final int port;

  private DemoBroker(SystemLauncher launcher, Path workDir, int port) {
    this.launcher = launcher;
    this.workDir = workDir;
    this.port = port;
  }

  /**
   * Starts a broker listening on 127.0.0.1 at the given port.
   *
   * @param port the AMQP port
   * @return the running broker
   * @throws Exception if it cannot start, e.g. because the port is taken
   */
  public static DemoBroker start(int port) throws Exception {
    Path workDir = Files.createTempDirectory("barterdude-demo-broker-");
    SystemLauncher launcher = new SystemLauncher();
    try {
      launcher.startup(attributes(port, workDir));
    } catch (Exception | Error e) {
      launcher.shutdown();
      delete(workDir);
      throw e;
    }
    return new DemoBroker(launcher, workDir, port);
  }

  /**
   * The port the broker listens on.
   *
   * @return the AMQP port
   */
  public int port() {
    return port;
  }

  /** Stops the broker: its connections close and its messages are gone. */
  @Override
  public void close() {
    launcher.shutdown();
    delete(workDir);
  }

  private static Map<String, Object> attributes(int port, Path workDir) {
    Map<String, String> context = new HashMap<>(RABBITMQ_LIKE);
    context.put("qpid.amqp_port", Integer.toString(port));
    context.put("qpid.work_dir", workDir.toString());
    return Map.of(
        "type",
        "Memory",
        "initialConfigurationLocation",
        DemoBroker.class.getResource("demo-broker-config.json").toExternalForm(),
        "startupLoggedToSystemOut",
        false,
        "context",
        context);
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(DemoBroker::deleteFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteFile(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
