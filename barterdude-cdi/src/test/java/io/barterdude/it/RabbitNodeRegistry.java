package io.barterdude.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The extra nodes of this JVM and their directories: kills the nodes still running when the JVM
 * exits (a shutdown hook) and those an earlier JVM of the same checkout left behind.
 */
final class RabbitNodeRegistry {

  /**
   * Where every node and certificate directory lies: under the temporary directory, one directory
   * per checkout ({@code barterdude-rabbit-nodes/<hash of its target directory>}), not under {@code
   * target/}, because the {@code rabbitmq} user must reach it and a checkout may lie where only
   * root can (a {@code mktemp -d} directory); per checkout, so that {@link #stopStrays()} never
   * touches the nodes of another checkout's tests.
   */
  static final Path NODES = nodesDirectory();

  private static final String MNESIA_BASE = "RABBITMQ_MNESIA_BASE";
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
  private static final Set<RabbitNode> STARTED = ConcurrentHashMap.newKeySet();
  private static final Set<Path> IN_USE = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean HOOK_ADDED = new AtomicBoolean();

  private RabbitNodeRegistry() {}

  private static Path nodesDirectory() {
    Path shared = Path.of(System.getProperty("java.io.tmpdir"), "barterdude-rabbit-nodes");
    String checkout = Path.of("target").toAbsolutePath().toString();
    Path nodes = shared.resolve(Integer.toHexString(checkout.hashCode()));
    try {
      Files.createDirectories(nodes);
      Set<PosixFilePermission> traversable = PosixFilePermissions.fromString("rwxr-xr-x");
      Files.setPosixFilePermissions(shared, traversable);
      Files.setPosixFilePermissions(nodes, traversable);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + nodes, e);
    }
    return nodes;
  }

  /** Remembers a node being started, for the shutdown hook. */
  static void started(RabbitNode node) {
    STARTED.add(node);
    if (HOOK_ADDED.compareAndSet(false, true)) {
      Thread hook =
          new Thread(() -> STARTED.forEach(RabbitNodeRegistry::killQuietly), "kill-nodes");
      Runtime.getRuntime().addShutdownHook(hook);
    }
  }

  /** Forgets a closed node. */
  static void closed(RabbitNode node) {
    STARTED.remove(node);
  }

  /** Keeps {@link #stopStrays()} from deleting a directory this JVM uses. */
  static void markInUse(Path directory) {
    IN_USE.add(directory.toAbsolutePath());
  }

  /** Kills a node, printing rather than throwing a failure (for cleanup paths). */
  static void killQuietly(RabbitNode node) {
    try {
      node.kill();
    } catch (RuntimeException e) {
      System.err.println("cannot kill RabbitMQ node " + node + ": " + e);
    }
  }

  /** See {@link RabbitNode#stopStrays()}. */
  static int stopStrays() {
    Set<Long> ours =
        STARTED.stream()
            .flatMap(node -> node.processes().stream())
            .map(ProcessHandle::pid)
            .collect(Collectors.toSet());
    List<ProcessHandle> strays =
        processesUnderNodes().stream().filter(process -> !ours.contains(process.pid())).toList();
    int vms = (int) strays.stream().filter(RabbitProcesses::isBeam).count();
    RabbitProcesses.killAndWait(strays, KILL_TIMEOUT);
    deleteUnusedDirectories();
    return vms;
  }

  /** See {@link RabbitNode#runningNodeVms()}. */
  static List<ProcessHandle> runningNodeVms() {
    return processesUnderNodes().stream().filter(RabbitProcesses::isBeam).toList();
  }

  private static List<ProcessHandle> processesUnderNodes() {
    return RabbitProcesses.withEnvironment(MNESIA_BASE, NODES + "/", true);
  }

  private static void deleteUnusedDirectories() {
    if (!Files.isDirectory(NODES)) {
      return;
    }
    try (Stream<Path> children = Files.list(NODES)) {
      children.filter(child -> !IN_USE.contains(child)).forEach(RabbitProcesses::deleteTree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
