package io.barterdude.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

/**
 * Starts a {@link DemoBroker} where the sample will look for its broker ({@code
 * BARTERDUDE_HOSTNAME}, default 127.0.0.1, and {@code BARTERDUDE_PORT}, default 5672) when nothing
 * answers there, and keeps it until the process that started it (the Maven build) ends. When a
 * broker answers, or the address is not on this machine, it starts nothing and ends at once.
 */
public final class DemoBrokerLauncher {

  private static final int CONNECT_TIMEOUT_MILLIS = 1000;

  private DemoBrokerLauncher() {}

  /**
   * Runs the launcher.
   *
   * @param args none
   * @throws Exception if the broker cannot start
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    String host = env.getOrDefault("BARTERDUDE_HOSTNAME", "127.0.0.1");
    int port = Integer.parseInt(env.getOrDefault("BARTERDUDE_PORT", "5672"));
    if (answers(host, port)) {
      say("a broker answers on " + host + ":" + port + ": the sample uses it, no demo broker.");
    } else if (!InetAddress.getByName(host).isLoopbackAddress()) {
      say(
          "nothing answers on "
              + host
              + ":"
              + port
              + ", which is not this machine: no demo broker.");
    } else {
      runUntilParentEnds(DemoBroker.start(port));
    }
  }

  private static void runUntilParentEnds(DemoBroker broker) {
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "demo-broker-stop"));
    say(
        "no broker answered on 127.0.0.1:"
            + broker.port()
            + ", so this build started a DEMO broker there (Apache Qpid Broker-J, in memory, user"
            + " guest): it lives as long as this Maven command and ignores RabbitMQ's x- queue"
            + " arguments (the sample's my_exchange_copy keeps every message, not the last 1,000)."
            + " To use a real RabbitMQ, start one there or set BARTERDUDE_HOSTNAME and"
            + " BARTERDUDE_PORT, and run the command again.");
    ProcessHandle.current().parent().orElseThrow().onExit().join();
    System.exit(0);
  }

  private static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void say(String line) {
    System.out.println("[barterdude-demo-broker] " + line);
  }
}
