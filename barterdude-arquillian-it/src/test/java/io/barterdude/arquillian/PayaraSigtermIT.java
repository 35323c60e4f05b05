package io.barterdude.arquillian;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.barterdude.arquillian.app.ArqConsumers;
import io.barterdude.it.RabbitCtl;
import io.barterdude.it.TestBroker;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;

/**
 * Payara Micro stopped by SIGTERM, as a container orchestrator stops it, ends the application
 * gracefully: BarterDude stops receiving, the handlers running at that moment finish and their
 * messages are acknowledged. (Its log line BDCDI0007 does not appear: Payara's logging stops
 * first.) Runs the test WAR in a Payara Micro process of its own, on queues of its own; only in the
 * Payara run.
 */
class PayaraSigtermIT {

  static final String QUEUE = "bd-arq-payara-sigterm";
  static final String DONE = "bd-arq-payara-sigterm-done";
  static final int PORT = 8380;
  static final int IN_FLIGHT = 10;

  @Test
  void handlersRunningAtSigtermFinishAndTheirMessagesAreAcked() throws Exception {
    assumeTrue(TestServer.current() == TestServer.PAYARA, "Payara Micro only");
    try (TestBroker broker = new TestBroker()) {
      broker.declareQueue(QUEUE);
      broker.declareQueue(DONE);
      Process payara = start(war()).start();
      try {
        awaitReady();
        for (int i = 0; i < IN_FLIGHT; i++) {
          broker.publish(QUEUE, "{\"id\":" + i + "}");
        }
        await().atMost(10, SECONDS).until(() -> RabbitCtl.unacknowledged(QUEUE) == IN_FLIGHT);
        payara.destroy();
        assertTrue(payara.waitFor(60, SECONDS), "Payara Micro stopped");
      } finally {
        payara.destroyForcibly();
      }
      assertEquals(IN_FLIGHT, broker.messageCount(DONE), "every running handler finished");
      assertEquals(0, broker.messageCount(QUEUE), "and its message was acknowledged");
    }
  }

  private static File war() {
    File war = new File("target/payara-sigterm/sigterm.war");
    war.getParentFile().mkdirs();
    TestWar.create().as(ZipExporter.class).exportTo(war, true);
    return war;
  }

  /** The handlers take 3 s each, well within the default shutdown timeout (30 s). */
  private static ProcessBuilder start(File war) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Darq.forward-delay-ms=3000");
    command.add("-Darq.reply-queue=" + DONE);
    command.add("-Dbarterdude.consumer." + ArqConsumers.FORWARD + ".queues=" + QUEUE);
    command.add("-Dbarterdude.consumer." + ArqConsumers.FAIL + ".enabled=false");
    command.add("-Dbarterdude.connection-name=barterdude-payara-sigterm");
    command.addAll(
        List.of(
            "-jar",
            System.getProperty("payara.microJar"),
            "--nohazelcast",
            "--prebootcommandfile",
            System.getProperty("payara.prebootCommandFile"),
            "--deploy",
            war.getAbsolutePath(),
            "--port",
            String.valueOf(PORT)));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(new File("target/payara-sigterm/payara.log"));
  }

  private static void awaitReady() {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/health/ready")).build();
    await()
        .atMost(120, SECONDS)
        .pollInterval(1, SECONDS)
        .ignoreExceptions()
        .until(() -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
  }
}
