package io.barterdude.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code rabbitmqctl} against the local broker, for what AMQP does not let a client do (fault
 * injection, another client's connections, unacknowledged counts). It must run on the broker's
 * machine with the rights to reach it (root, as in {@code .ci/run}).
 */
public final class RabbitCtl {

  private RabbitCtl() {}

  /** Creates the virtual host (if missing) and gives guest every permission on it. */
  public static void ensureVhost(String vhost) {
    run(false, "add_vhost", vhost);
    run(true, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
  }

  /** Deletes the virtual host and everything in it, if it exists. */
  public static void deleteVhost(String vhost) {
    run(false, "delete_vhost", vhost);
  }

  /** Closes every client connection of one virtual host. */
  public static void closeConnections(String vhost) {
    run(true, "close_all_connections", "--vhost", vhost, "barterdude fault test");
  }

  /**
   * Closes, from the broker's side, every connection whose client gave it that name; other clients
   * of the broker keep theirs.
   *
   * @return how many connections were closed
   */
  public static int closeConnectionsNamed(String connectionName) {
    String marker = "{\"connection_name\",\"" + connectionName + "\"}";
    List<String> pids =
        run(true, "-s", "list_connections", "pid", "client_properties")
            .lines()
            .filter(line -> line.contains(marker))
            .map(line -> line.substring(0, line.indexOf('\t')))
            .toList();
    for (String pid : pids) {
      run(true, "close_connection", pid, "barterdude test");
    }
    return pids.size();
  }

  /** Messages of the queue delivered to consumers and not yet acknowledged or rejected. */
  public static long unacknowledged(String queue) {
    String output = run(true, "-s", "list_queues", "name", "messages_unacknowledged");
    return output
        .lines()
        .map(line -> line.split("\\s+"))
        .filter(columns -> columns.length == 2 && columns[0].equals(queue))
        .mapToLong(columns -> Long.parseLong(columns[1]))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no queue " + queue + " in: " + output));
  }

  /**
   * The consumers of one queue as the broker sees them: per subscription, its prefetch, whether it
   * is the active one (single active consumer) and its arguments ({@code x-priority}), e.g. {@code
   * 20 true [{"x-priority",10}]}.
   */
  public static List<String> consumersOf(String queue) {
    return run(true, "-s", "list_consumers", "queue_name", "prefetch_count", "active", "arguments")
        .lines()
        .filter(line -> line.startsWith(queue + "\t"))
        .map(line -> line.substring(queue.length() + 1).replace('\t', ' '))
        .toList();
  }

  /** Stops the broker application; always pair with {@link #startApp()}. */
  public static void stopApp() {
    run(true, "stop_app");
  }

  /** Starts the broker application and waits until it accepts connections. */
  public static void startApp() {
    run(true, "start_app");
    run(true, "await_startup");
  }

  private static String run(boolean mustSucceed, String... arguments) {
    List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
    command.addAll(List.of(arguments));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " timed out");
      }
      if (mustSucceed && process.exitValue() != 0) {
        throw new IllegalStateException(command + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run rabbitmqctl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
