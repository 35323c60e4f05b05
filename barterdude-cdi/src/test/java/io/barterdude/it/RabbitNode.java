package io.barterdude.it;

import com.rabbitmq.client.ConnectionFactory;
import io.barterdude.it.RabbitProcesses.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An extra RabbitMQ node for tests, beside the machine's broker ({@code rabbit@localhost}, which it
 * leaves alone): its own node name ({@code bdt-<random>@localhost}), free AMQP, TLS and
 * distribution ports found at runtime, and its own {@code rabbitmq.conf}, enabled-plugins file, pid
 * file, data and logs under the checkout's nodes directory ({@code
 * /tmp/barterdude-rabbit-nodes/<hash>/<name>/}) (given to the {@code rabbitmq} user). Started with
 * {@code rabbitmq-server} and the {@code RABBITMQ_*} environment variables, awaited with {@code
 * rabbitmqctl await_startup}, stopped with {@code rabbitmqctl stop} (then SIGKILL if needed). The
 * tests must run as root on the broker's machine, as in {@code .ci/run}.
 *
 * <p>Use it in try-with-resources. A JVM shutdown hook kills the nodes still running when the JVM
 * exits (a test run stopped with Ctrl-C or SIGTERM); a JVM killed with SIGKILL cannot run it, so a
 * suite should call {@link #stopStrays()} first.
 *
 * <p>Measured here (2 cores, RabbitMQ 3.10.8, other jobs sharing the machine, load average in
 * brackets): start 7.5-13 s [3-4], 14-18 s [9-12]; stop ({@link #close()}) 2.5-3 s [3-4], 3-6 s
 * [10]; start again after stop or kill 7.5-9 s [5-6]. A boot costs the node about 7-9 s of CPU, a
 * {@code rabbitmqctl} call about 1 s of CPU (1.5-5 s of wall time under load), so a second node
 * started with {@link #startAll} shares the two cores rather than running free. Each node uses
 * about 130 MiB.
 */
public final class RabbitNode implements AutoCloseable {

  private static final Duration CTL_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
  private static final int LOG_LINES = 40;

  private final String nodeName;
  private final Path dir;
  private final int amqpPort;
  private final int tlsPort;
  private final int distPort;
  private final Duration startTimeout;

  RabbitNode(String nodeName, Path dir, int[] ports, Duration startTimeout) {
    this.nodeName = nodeName;
    this.dir = dir;
    this.amqpPort = ports[0];
    this.tlsPort = ports[1];
    this.distPort = ports[2];
    this.startTimeout = startTimeout;
  }

  /** Options of a node; {@link RabbitNodeBuilder#start()} starts it. */
  public static RabbitNodeBuilder builder() {
    return new RabbitNodeBuilder();
  }

  /** Starts a node with a plain AMQP listener and the default guest user. */
  public static RabbitNode startStandalone() {
    return builder().start();
  }

  /**
   * Builds and starts nodes at once (one thread each), which spares test time; if one fails, the
   * others are closed too.
   */
  public static List<RabbitNode> startAll(RabbitNodeBuilder... builders) {
    List<RabbitNode> nodes = Stream.of(builders).map(RabbitNodeBuilder::build).toList();
    try {
      RabbitProcesses.inParallel(nodes, RabbitNode::start);
      return nodes;
    } catch (RuntimeException e) {
      closeAll(nodes);
      throw e;
    }
  }

  /** Closes nodes at once (in parallel threads); the first failure is thrown after all tried. */
  public static void closeAll(List<RabbitNode> nodes) {
    RabbitProcesses.inParallel(nodes, RabbitNode::close);
  }

  /**
   * Kills every node left running in this checkout's nodes directory by an earlier JVM (this JVM's
   * nodes are spared) and deletes the directories no node or certificate of this JVM uses. Call it
   * before a suite: a JVM killed with SIGKILL could not stop its nodes.
   *
   * @return how many Erlang VMs were killed
   */
  public static int stopStrays() {
    return RabbitNodeRegistry.stopStrays();
  }

  /**
   * The Erlang VMs of this checkout's nodes still running, of this JVM or an earlier one (never the
   * machine's broker): empty when every test cleaned up.
   */
  public static List<ProcessHandle> runningNodeVms() {
    return RabbitNodeRegistry.runningNodeVms();
  }

  /**
   * Starts the node (again, after {@link #stop()} or {@link #kill()}: same name, ports and data)
   * and waits until it accepts connections.
   *
   * <p>{@code rabbitmq-server} runs in the background rather than with {@code -detached}, which
   * throws its output away: errors found before the log file is open (a bad {@code rabbitmq.conf}
   * line, for example) are only printed there. The output goes to {@link #consoleLog()}.
   *
   * @throws IllegalStateException if it does not start in time, with the end of its logs
   */
  public RabbitNode start() {
    if (isRunning()) {
      throw new IllegalStateException(nodeName + " is already running");
    }
    RabbitNodeRegistry.started(this);
    deletePidFile();
    RabbitProcesses.startInBackground(List.of("rabbitmq-server"), env(), consoleLog());
    awaitStartup();
    return this;
  }

  private Map<String, String> env() {
    return Map.of(
        "RABBITMQ_NODENAME", nodeName,
        "RABBITMQ_DIST_PORT", Integer.toString(distPort),
        "RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq").toString(),
        "RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString(),
        "RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString(),
        "RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString(),
        "RABBITMQ_LOG_BASE", dir.resolve("log").toString(),
        "RABBITMQ_PID_FILE", dir.resolve("pid").toString(),
        "ERL_CRASH_DUMP", dir.resolve("erl_crash.dump").toString());
  }

  /**
   * Waits for the pid file (the node writes it early in its boot), then runs {@code await_startup}
   * until it succeeds: it fails at once while the node has not registered its name yet.
   */
  private void awaitStartup() {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    RabbitProcesses.poll(startTimeout, () -> Files.exists(pidFile()) || !isRunning());
    String last = "(no pid file yet)";
    while (isRunning() && secondsLeft(deadline) > 0) {
      Result await =
          rabbitmqctl(
              "await_startup", "--timeout", Long.toString(Math.min(50, secondsLeft(deadline))));
      if (await.ok()) {
        return;
      }
      last = await.output().strip();
      RabbitProcesses.poll(Duration.ofMillis(200), () -> !isRunning());
    }
    throw startFailure(
        isRunning()
            ? "not running within " + startTimeout + "; await_startup said: " + last
            : "it exited while starting");
  }

  /** A pid file left by a killed node would end the wait for the new one too early. */
  private void deletePidFile() {
    try {
      Files.deleteIfExists(pidFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long secondsLeft(long deadline) {
    return Math.max(0, Duration.ofNanos(deadline - System.nanoTime()).toSeconds());
  }

  private IllegalStateException startFailure(String reason) {
    RabbitNodeRegistry.killQuietly(this);
    return new IllegalStateException(
        "RabbitMQ node "
            + nodeName
            + " did not start: "
            + reason
            + tail(consoleLog())
            + tail(logFile()));
  }

  private static String tail(Path log) {
    return "\n--- " + log + " ---\n" + RabbitProcesses.excerpt(log, LOG_LINES);
  }

  /** Stops the node ({@code rabbitmqctl stop}), then kills it if it has not exited in 30 s. */
  public void stop() {
    if (!isRunning()) {
      return;
    }
    boolean stopping = rabbitmqctl("stop").ok();
    if (!stopping || !RabbitProcesses.poll(STOP_TIMEOUT, () -> !isRunning())) {
      kill();
    }
  }

  /** Kills the node at once (SIGKILL), as a crash would; {@link #start()} brings it back. */
  public void kill() {
    RabbitProcesses.killAndWait(processes(), KILL_TIMEOUT);
  }

  /** Stops the node and forgets it; its files stay for inspection until {@link #stopStrays()}. */
  @Override
  public void close() {
    try {
      stop();
    } catch (RuntimeException e) {
      RabbitNodeRegistry.killQuietly(this);
      throw e;
    } finally {
      RabbitNodeRegistry.closed(this);
    }
  }

  /** Whether an OS process of this node exists (starting, running or stopping). */
  public boolean isRunning() {
    return !processes().isEmpty();
  }

  /** The OS processes of this node: the Erlang VM and the scripts that started it. */
  List<ProcessHandle> processes() {
    return RabbitProcesses.withEnvironment("RABBITMQ_NODENAME", nodeName, false);
  }

  /** The Erlang node name, for example {@code bdt-1a2b3c4d@localhost}. */
  public String nodeName() {
    return nodeName;
  }

  /** The plain AMQP port on 127.0.0.1. */
  public int amqpPort() {
    if (amqpPort == 0) {
      throw new IllegalStateException(nodeName + " has no plain AMQP listener");
    }
    return amqpPort;
  }

  /** The AMQP-over-TLS port on 127.0.0.1. */
  public int tlsPort() {
    if (tlsPort == 0) {
      throw new IllegalStateException(nodeName + " has no TLS listener");
    }
    return tlsPort;
  }

  /** The Erlang distribution port. */
  public int distPort() {
    return distPort;
  }

  /** {@code 127.0.0.1:<amqpPort>}, as in BarterDude's address list. */
  public String amqpAddress() {
    return "127.0.0.1:" + amqpPort();
  }

  /** The node's directory, {@code <nodes directory>/<name>}. */
  public Path dir() {
    return dir;
  }

  /** The node's main log file. */
  public Path logFile() {
    return dir.resolve("log").resolve(nodeName + ".log");
  }

  /**
   * What {@code rabbitmq-server} printed: its banner, and errors from before {@link #logFile()}.
   */
  public Path consoleLog() {
    return dir.resolve("log").resolve("console.log");
  }

  private Path pidFile() {
    return dir.resolve("pid");
  }

  /** A client factory for the plain listener, as the default user {@code guest}. */
  public ConnectionFactory connectionFactory() {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(amqpPort());
    return factory;
  }

  /**
   * Runs {@code rabbitmqctl -q -n <node> <arguments>} and returns what it printed.
   *
   * @throws IllegalStateException if it fails, with its output
   */
  public String ctl(String... arguments) {
    return rabbitmqctl(arguments).orThrow().output();
  }

  private Result rabbitmqctl(String... arguments) {
    List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q", "-n", nodeName));
    command.addAll(List.of(arguments));
    return RabbitProcesses.run(command, Map.of(), CTL_TIMEOUT);
  }

  /**
   * Sets the memory high watermark (a fraction of the RAM): 0.0001 raises the memory alarm, which
   * blocks publishers; 0.4 (the default) clears it.
   */
  public void setMemoryHighWatermark(double fraction) {
    ctl("set_vm_memory_high_watermark", BigDecimal.valueOf(fraction).toPlainString());
  }

  /** Stops the RabbitMQ application; the Erlang node keeps running. */
  public void stopApp() {
    ctl("stop_app");
  }

  /** Starts the RabbitMQ application again; {@code start_app} returns once it is running. */
  public void startApp() {
    ctl("start_app");
  }

  /**
   * Adds a user with every permission on the virtual host {@code /}, in one {@code
   * import_definitions}. A null password gives a user without one, who can only log in with
   * EXTERNAL (a client certificate whose CN is the name, on a {@link RabbitNodeBuilder#mutualTls()}
   * node). Names and passwords must not contain quotes or backslashes (they go into JSON as is).
   */
  public void addUser(String name, String password) {
    if ((name + password).matches(".*[\"\\\\].*")) {
      throw new IllegalArgumentException("no quotes or backslashes in test users: " + name);
    }
    Path definitions = dir.resolve("user-" + name + ".json");
    try {
      Files.writeString(definitions, userDefinitions(name, password));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RabbitProcesses.chownToRabbitmq(definitions);
    ctl("import_definitions", definitions.toString());
  }

  /**
   * Definitions of one user with every permission on {@code /}. The hash is RabbitMQ's default
   * scheme: base64(salt + SHA-256(salt + password)) with a 4-byte salt; empty means no password.
   */
  private static String userDefinitions(String name, String password) {
    String hash = password == null ? "" : passwordHash(password);
    return """
        {"users": [{"name": "%1$s", "password_hash": "%2$s", "tags": "",
                    "hashing_algorithm": "rabbit_password_hashing_sha256"}],
         "permissions": [{"user": "%1$s", "vhost": "/",
                          "configure": ".*", "write": ".*", "read": ".*"}]}
        """
        .formatted(name, hash);
  }

  private static String passwordHash(String password) {
    byte[] salt = new byte[4];
    new SecureRandom().nextBytes(salt);
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(salt);
      byte[] digest = sha256.digest(password.getBytes(StandardCharsets.UTF_8));
      ByteBuffer salted = ByteBuffer.allocate(salt.length + digest.length).put(salt).put(digest);
      return Base64.getEncoder().encodeToString(salted.array());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return nodeName;
  }
}
