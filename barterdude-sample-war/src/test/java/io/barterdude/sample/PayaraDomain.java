package io.barterdude.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A Payara Server domain of the tests' own, driven with {@code asadmin} (run as {@code java -jar
 * appserver-cli.jar}, which is what the {@code bin/asadmin} script does): created under {@code
 * target/} with every port taken from a port base ({@code --portbase}: admin on base + 48, HTTP on
 * base + 80), so that it never meets the machine's other servers. {@link #close} stops it, and ends
 * its process when {@code stop-domain} could not.
 */
final class PayaraDomain implements AutoCloseable {

  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);

  private final Path home;
  private final Path domains;
  private final String name;
  private final int portBase;

  private PayaraDomain(Path home, Path domains, String name, int portBase) {
    this.home = home;
    this.domains = domains;
    this.name = name;
    this.portBase = portBase;
  }

  /**
   * Creates the domain (without an admin password), after removing what a previous run left of it
   * (stopped first, if it still runs).
   */
  static PayaraDomain create(Path home, Path domains, String name, int portBase)
      throws IOException, InterruptedException {
    PayaraDomain domain = new PayaraDomain(home, domains, name, portBase);
    if (Files.exists(domain.dir())) {
      domain.close();
      delete(domain.dir());
    }
    Files.createDirectories(domains);
    domain.local(
        "--user",
        "admin",
        "create-domain",
        "--nopassword",
        "--portbase",
        String.valueOf(portBase),
        "--domaindir",
        domains.toString(),
        name);
    return domain;
  }

  /** Starts the domain; returns once its admin port answers. */
  void start() throws IOException, InterruptedException {
    local("start-domain", "--domaindir", domains.toString(), name);
  }

  /** Runs asadmin commands against the running domain, one per line, in one asadmin process. */
  void run(List<String> commands) throws IOException, InterruptedException {
    Path file = Files.createTempFile("asadmin-", ".txt");
    try {
      Files.write(file, commands);
      local("--port", String.valueOf(adminPort()), "multimode", "--file", file.toString());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  int httpPort() {
    return portBase + 80;
  }

  private int adminPort() {
    return portBase + 48;
  }

  /** The server's log, where the applications' standard output goes. */
  Path serverLog() {
    return dir().resolve("logs/server.log");
  }

  /** {@code stop-domain}; the domain's process is ended by force if it still runs after it. */
  @Override
  public void close() throws IOException, InterruptedException {
    Optional<ProcessHandle> process = process();
    try {
      local("stop-domain", "--domaindir", domains.toString(), name);
    } catch (IOException stopFailed) {
      System.err.println("PayaraDomain: " + stopFailed.getMessage());
    } finally {
      if (process.isPresent() && process.get().isAlive()) {
        end(process.get());
      }
    }
  }

  private static void end(ProcessHandle process) throws IOException, InterruptedException {
    process.destroyForcibly();
    try {
      process.onExit().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("Payara's process " + process.pid() + " did not end", e);
    }
  }

  /** The domain's process, from the pid file Payara writes while it runs. */
  private Optional<ProcessHandle> process() throws IOException {
    Path pid = dir().resolve("config/pid");
    if (!Files.exists(pid)) {
      return Optional.empty();
    }
    return ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()));
  }

  private Path dir() {
    return domains.resolve(name);
  }

  /**
   * Runs asadmin with the test's own Java. The output goes to a file, not a pipe: the server that
   * {@code start-domain} launches must not hold a pipe the test waits on.
   */
  private void local(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(home.resolve("glassfish/lib/client/appserver-cli.jar").toString());
    command.addAll(List.of(arguments));
    Path output = Files.createTempFile("asadmin-", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException("asadmin " + arguments[0] + " did not end within " + COMMAND_TIMEOUT);
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            "asadmin "
                + String.join(" ", arguments)
                + " exited with "
                + process.exitValue()
                + ": "
                + Files.readString(output, StandardCharsets.UTF_8).strip());
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
