package io.barterdude.sample;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Liberty server of the installation the build made for the tests, driven with its own {@code
 * bin/server} script, as liberty-maven-plugin does: {@code sample.liberty.dir} (the plugin's
 * install directory) and {@code sample.liberty.server} (the name of the server the build started)
 * come from failsafe (see pom.xml). That server keeps the bootstrap properties the plugin wrote, so
 * a restarted server is configured as before; {@link #copyOfSample} makes another server of it.
 */
final class LibertyServer {

  private static final Path WLP =
      Path.of(System.getProperty("sample.liberty.dir", "target/liberty/wlp"));

  /** The server the build started, with the sample deployed. */
  static final LibertyServer SAMPLE =
      new LibertyServer(System.getProperty("sample.liberty.server", "barterdudeIT"));

  private final String name;

  private LibertyServer(String name) {
    this.name = name;
  }

  /**
   * A new server beside {@link #SAMPLE} with its configuration (server.xml, the WAR, the plugin's
   * bootstrap properties), but the given bootstrap properties in place of those of the same name
   * and the given {@code server.env} (environment variables the server's JVM sees). Not started.
   */
  static LibertyServer copyOfSample(
      String name, Map<String, String> bootstrapProperties, Map<String, String> environment)
      throws IOException {
    Path dir = WLP.resolve("usr/servers").resolve(name);
    Path sample = SAMPLE.dir();
    Files.createDirectories(dir);
    Files.copy(sample.resolve("server.xml"), dir.resolve("server.xml"));
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(sample.resolve("bootstrap.properties"))) {
      properties.load(reader);
    }
    properties.putAll(bootstrapProperties);
    try (Writer writer = Files.newBufferedWriter(dir.resolve("bootstrap.properties"))) {
      properties.store(writer, "copied from " + SAMPLE.name);
    }
    StringBuilder env = new StringBuilder();
    environment.forEach((key, value) -> env.append(key).append('=').append(value).append('\n'));
    Files.writeString(dir.resolve("server.env"), env);
    return new LibertyServer(name);
  }

  /** Deletes the server's directory (stop it first). */
  void delete() throws IOException {
    try (Stream<Path> paths = Files.walk(dir())) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** What a {@code bin/server} command did. */
  record Result(int exitCode, Duration duration, String output) {}

  /** {@code server stop}: returns once the server's JVM has ended. */
  Result stop(Duration timeout) throws IOException, InterruptedException {
    return run("stop", timeout);
  }

  /** {@code server start}: returns once the server's JVM runs, before the application is ready. */
  Result start(Duration timeout) throws IOException, InterruptedException {
    return run("start", timeout);
  }

  /** Whether the server's JVM runs ({@code server status} exits with 0). */
  boolean isRunning() throws IOException, InterruptedException {
    return run("status", Duration.ofSeconds(60)).exitCode() == 0;
  }

  /**
   * The process id of the server's JVM, from the file Liberty writes while the server runs ({@code
   * usr/servers/.pid/<name>.pid}); fails when the server does not run.
   */
  long pid() throws IOException {
    long pid =
        Long.parseLong(Files.readString(WLP.resolve("usr/servers/.pid/" + name + ".pid")).strip());
    if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
      throw new IOException("server " + name + " does not run: no process " + pid);
    }
    return pid;
  }

  /** The server's {@code messages.log}, where the application's log lines go. */
  Path messagesLog() {
    return dir().resolve("logs/messages.log");
  }

  private Path dir() {
    return WLP.resolve("usr/servers").resolve(name);
  }

  /**
   * Runs {@code bin/server <action> <name>}. The output goes to a file, not a pipe: the server that
   * {@code start} launches must not hold a pipe the test waits on.
   */
  private Result run(String action, Duration timeout) throws IOException, InterruptedException {
    Path output = Files.createTempFile("liberty-" + action + "-", ".log");
    try {
      long started = System.nanoTime();
      Process process =
          new ProcessBuilder(WLP.resolve("bin/server").toString(), action, name)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException(
            "server "
                + action
                + " "
                + name
                + " did not end within "
                + timeout
                + ": "
                + read(output));
      }
      Duration duration = Duration.ofNanos(System.nanoTime() - started);
      return new Result(process.exitValue(), duration, read(output));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8).strip();
  }
}
