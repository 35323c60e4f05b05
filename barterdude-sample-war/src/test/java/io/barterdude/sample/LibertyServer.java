package io.barterdude.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Liberty server the build started for the tests, driven with its own {@code bin/server}
 * script, as liberty-maven-plugin does: {@code sample.liberty.dir} (the plugin's install directory)
 * and {@code sample.liberty.server} (the server's name) come from failsafe (see pom.xml). The
 * server keeps the bootstrap properties the plugin wrote, so a restarted server is configured as
 * before.
 */
final class LibertyServer {

  private static final Path WLP =
      Path.of(System.getProperty("sample.liberty.dir", "target/liberty/wlp"));
  private static final String NAME = System.getProperty("sample.liberty.server", "barterdudeIT");

  private LibertyServer() {}

  /** What a {@code bin/server} command did. */
  record Result(int exitCode, Duration duration, String output) {}

  /** {@code server stop}: returns once the server's JVM has ended. */
  static Result stop(Duration timeout) throws IOException, InterruptedException {
    return run("stop", timeout);
  }

  /** {@code server start}: returns once the server's JVM runs, before the application is ready. */
  static Result start(Duration timeout) throws IOException, InterruptedException {
    return run("start", timeout);
  }

  /** Whether the server's JVM runs ({@code server status} exits with 0). */
  static boolean isRunning() throws IOException, InterruptedException {
    return run("status", Duration.ofSeconds(60)).exitCode() == 0;
  }

  /** The server's {@code messages.log}, where the application's log lines go. */
  static Path messagesLog() {
    return WLP.resolve("usr/servers").resolve(NAME).resolve("logs/messages.log");
  }

  /**
   * Runs {@code bin/server <action> <name>}. The output goes to a file, not a pipe: the server that
   * {@code start} launches must not hold a pipe the test waits on.
   */
  private static Result run(String action, Duration timeout)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("liberty-" + action + "-", ".log");
    try {
      long started = System.nanoTime();
      Process process =
          new ProcessBuilder(WLP.resolve("bin/server").toString(), action, NAME)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException(
            "server "
                + action
                + " "
                + NAME
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
