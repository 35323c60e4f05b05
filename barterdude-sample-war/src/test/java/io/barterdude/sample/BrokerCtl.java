package io.barterdude.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Does what AMQP does not let a client do (read unacknowledged counts, close another client's
 * connection) with {@code rabbitmqctl}, which must run on the broker's machine with the rights to
 * reach it (root, as in {@code .ci/run}).
 */
final class BrokerCtl {

  private BrokerCtl() {}

  /** Messages of the queue delivered to consumers and not yet acknowledged or rejected. */
  static long unacknowledged(String queue) throws IOException, InterruptedException {
    String output = run("-s", "list_queues", "name", "messages_unacknowledged");
    return output
        .lines()
        .map(line -> line.split("\\s+"))
        .filter(columns -> columns.length == 2 && columns[0].equals(queue))
        .mapToLong(columns -> Long.parseLong(columns[1]))
        .findFirst()
        .orElseThrow(() -> new IOException("no queue " + queue + " in: " + output));
  }

  /**
   * Closes, from the broker's side, every connection whose client gave it that name; other clients
   * of the broker keep theirs (unlike {@code close_all_connections}).
   *
   * @return how many connections were closed
   */
  static int closeConnections(String connectionName) throws IOException, InterruptedException {
    String marker = "{\"connection_name\",\"" + connectionName + "\"}";
    List<String> pids =
        run("-s", "list_connections", "pid", "client_properties")
            .lines()
            .filter(line -> line.contains(marker))
            .map(line -> line.substring(0, line.indexOf('\t')))
            .toList();
    for (String pid : pids) {
      run("close_connection", pid, "test");
    }
    return pids.size();
  }

  private static String run(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("rabbitmqctl"));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }
}
