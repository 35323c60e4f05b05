package io.barterdude.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code rabbitmqctl} against the local broker, for fault injection. */
public final class RabbitCtl {

  private RabbitCtl() {}

  /** Creates the virtual host (if missing) and gives guest every permission on it. */
  public static void ensureVhost(String vhost) {
    run(false, "add_vhost", vhost);
    run(true, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
  }

  /** Closes every client connection of one virtual host. */
  public static void closeConnections(String vhost) {
    run(true, "close_all_connections", "--vhost", vhost, "barterdude fault test");
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
