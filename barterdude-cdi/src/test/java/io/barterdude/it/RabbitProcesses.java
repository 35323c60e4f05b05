package io.barterdude.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The operating-system side of {@link RabbitNode}: runs commands, finds the Erlang processes of the
 * extra nodes through their environment ({@code /proc/<pid>/environ}, readable by root), kills
 * them, and hands files to the {@code rabbitmq} user. Linux only, as the rest of the test setup.
 */
final class RabbitProcesses {

  /** The user the RabbitMQ scripts switch to. */
  static final String RABBITMQ_USER = "rabbitmq";

  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

  private RabbitProcesses() {}

  /** What a finished command printed (stdout and stderr together) and its exit code. */
  record Result(List<String> command, int exitCode, String output) {

    boolean ok() {
      return exitCode == 0;
    }

    /** This result, or an exception naming the command and its output. */
    Result orThrow() {
      if (!ok()) {
        throw new IllegalStateException(
            String.join(" ", command) + " exited with " + exitCode + ": " + output.strip());
      }
      return this;
    }
  }

  /** Runs a command with extra environment variables and waits for it at most {@code timeout}. */
  static Result run(List<String> command, Map<String, String> environment, Duration timeout) {
    Path output = null;
    try {
      output = Files.createTempFile("rabbit-command", ".out");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " timed out after " + timeout);
      }
      String text = new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
      return new Result(command, process.exitValue(), text);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    } finally {
      deleteQuietly(output);
    }
  }

  /**
   * Starts a long-running command in the background, its input empty and its output (stdout and
   * stderr) appended to a file; does not wait for it.
   */
  static void startInBackground(
      List<String> command, Map<String, String> environment, Path output) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
    builder.environment().putAll(environment);
    try {
      builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // a temporary file; the OS cleans /tmp
    }
  }

  /**
   * Live processes (not {@code epmd}, which a node may have started and which others share) whose
   * environment holds {@code name=value}, or {@code name=<value>...} when {@code prefix} is set.
   */
  static List<ProcessHandle> withEnvironment(String name, String value, boolean prefix) {
    String wanted = name + "=" + value;
    return ProcessHandle.allProcesses()
        .filter(process -> !command(process).endsWith("epmd"))
        .filter(
            process ->
                environment(process)
                    .anyMatch(entry -> prefix ? entry.startsWith(wanted) : entry.equals(wanted)))
        .toList();
  }

  private static String command(ProcessHandle process) {
    return process.info().command().orElse("");
  }

  /** Whether this process is an Erlang VM (the node itself rather than a script starting it). */
  static boolean isBeam(ProcessHandle process) {
    return command(process).endsWith("beam.smp");
  }

  private static Stream<String> environment(ProcessHandle process) {
    try {
      byte[] bytes = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "environ"));
      return Stream.of(new String(bytes, StandardCharsets.UTF_8).split("\0"));
    } catch (IOException | SecurityException gone) {
      return Stream.empty(); // exited, a zombie, or not ours to read
    }
  }

  /**
   * Sends SIGKILL to the Erlang VMs among the processes, then to the rest (the scripts that started
   * them), and waits until all are gone. In that order the script waiting for a VM reaps it, so
   * that no {@code <defunct>} beam.smp lingers.
   */
  static void killAndWait(List<ProcessHandle> processes, Duration timeout) {
    Map<Boolean, List<ProcessHandle>> byKind =
        processes.stream().collect(Collectors.partitioningBy(RabbitProcesses::isBeam));
    killAndWaitEach(byKind.get(true), timeout);
    killAndWaitEach(byKind.get(false), timeout);
  }

  private static void killAndWaitEach(List<ProcessHandle> processes, Duration timeout) {
    processes.forEach(ProcessHandle::destroyForcibly);
    boolean gone = poll(timeout, () -> processes.stream().noneMatch(RabbitProcesses::running));
    if (!gone) {
      throw new IllegalStateException("processes still alive after SIGKILL: " + processes);
    }
  }

  /** Alive and not a zombie waiting for init to reap it. */
  static boolean running(ProcessHandle process) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException gone) {
      return false;
    }
  }

  /** Checks the condition every 50 ms until it holds or the timeout passes; tells which. */
  static boolean poll(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Gives the directory and everything in it to the {@code rabbitmq} user and group. */
  static void chownToRabbitmq(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      UserPrincipalLookupService lookup = directory.getFileSystem().getUserPrincipalLookupService();
      UserPrincipal user = lookup.lookupPrincipalByName(RABBITMQ_USER);
      GroupPrincipal group = lookup.lookupPrincipalByGroupName(RABBITMQ_USER);
      for (Path path : (Iterable<Path>) paths::iterator) {
        PosixFileAttributeView view =
            Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot give " + directory + " to the rabbitmq user (the tests must run as root)", e);
    }
  }

  /**
   * Up to {@code count} lines of a log file from its first {@code [error]} line (where RabbitMQ
   * says why it failed), or its last lines if it has no error; a note if it does not exist.
   */
  static String excerpt(Path file, int count) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
      int error =
          IntStream.range(0, lines.size())
              .filter(i -> lines.get(i).contains("[error]"))
              .findFirst()
              .orElse(-1);
      int from = error >= 0 ? error : Math.max(0, lines.size() - count);
      return String.join("\n", lines.subList(from, Math.min(lines.size(), from + count)));
    } catch (IOException e) {
      return "(no " + file + ")";
    }
  }

  /** Deletes a directory tree, ignoring what is already gone. */
  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      List<Path> all = new ArrayList<>(paths.toList());
      Collections.reverse(all);
      for (Path path : all) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot delete " + root, e);
    }
  }

  /**
   * Runs the action on every item at once, one thread each, and waits for all; the first failure is
   * thrown with the others suppressed.
   */
  static <T> void inParallel(List<T> items, Consumer<T> action) {
    ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, items.size()));
    try {
      List<Future<?>> futures = new ArrayList<>();
      items.forEach(item -> futures.add(executor.submit(() -> action.accept(item))));
      RuntimeException failure = null;
      for (Future<?> future : futures) {
        failure = collect(future, failure);
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      executor.shutdownNow();
    }
  }

  private static RuntimeException collect(Future<?> future, RuntimeException failure) {
    try {
      future.get();
      return failure;
    } catch (ExecutionException e) {
      RuntimeException cause =
          e.getCause() instanceof RuntimeException runtime
              ? runtime
              : new IllegalStateException(e.getCause());
      if (failure == null) {
        return cause;
      }
      failure.addSuppressed(cause);
      return failure;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failure == null ? new IllegalStateException("interrupted", e) : failure;
    }
  }
}
