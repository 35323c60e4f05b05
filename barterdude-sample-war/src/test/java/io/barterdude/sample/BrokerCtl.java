package io.barterdude.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Reads what AMQP does not tell a client (unacknowledged counts) with {@code rabbitmqctl}, which
 * must run on the broker's machine with the rights to reach it (root, as in {@code .ci/run}).
 */
final class BrokerCtl {

  private BrokerCtl() {}

  /** Messages of the queue delivered to consumers and not yet acknowledged or rejected. */
  static long unacknowledged(String queue) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("rabbitmqctl", "-s", "list_queues", "name", "messages_unacknowledged")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("rabbitmqctl list_queues failed: " + output);
    }
    return output
        .lines()
        .map(line -> line.split("\\s+"))
        .filter(columns -> columns.length == 2 && columns[0].equals(queue))
        .mapToLong(columns -> Long.parseLong(columns[1]))
        .findFirst()
        .orElseThrow(() -> new IOException("no queue " + queue + " in: " + output));
  }
}
