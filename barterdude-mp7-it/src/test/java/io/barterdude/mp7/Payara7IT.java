package io.barterdude.mp7;

import static java.util.concurrent.TimeUnit.SECONDS;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same sample WAR on Payara Micro 7 (Jakarta EE 11, Java 21+: run by the JDK of {@code
 * payara7.java}), in a process of its own started and stopped here, on queues of its own, with
 * MicroProfile Telemetry on; Payara Micro 7 ships no logging exporter, so the trace is followed in
 * the messages' headers only (see {@link SampleServerChecks}).
 */
class Payara7IT extends SampleServerChecks {

  static final SampleServer PAYARA =
      new SampleServer(
          Integer.getInteger("payara7.http.port", 9782),
          "barterdude-payara7-it-",
          Path.of("target/payara7/payara.log"),
          false);

  static Process payara;

  @BeforeAll
  static void start() throws Exception {
    File log = PAYARA.log().toFile();
    log.getParentFile().mkdirs();
    payara = new ProcessBuilder(command()).redirectErrorStream(true).redirectOutput(log).start();
    Process started = payara;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
    PAYARA.awaitReady(broker);
  }

  @AfterAll
  static void stop() throws Exception {
    if (payara != null) {
      payara.destroy();
      if (!payara.waitFor(60, SECONDS)) {
        payara.destroyForcibly();
      }
    }
  }

  @Override
  SampleServer server() {
    return PAYARA;
  }

  private static List<String> command() {
    String prefix = PAYARA.queuePrefix();
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("payara7.java", "java"));
    command.add(
        "-Dbarterdude.consumer.SampleConsumer.yourConsumer.queues="
            + prefix
            + "queue1,"
            + prefix
            + "queue2");
    command.add(
        "-Dbarterdude.consumer.ValidatedConsumer.forwardValid.queues="
            + prefix
            + "validated_queue");
    command.add("-Dbarterdude.connection-name=barterdude-payara7-it-server");
    command.add("-Dotel.sdk.disabled=false");
    // Payara Micro 7 has no logging exporter: spans are made and propagated, not exported.
    command.add("-Dotel.traces.exporter=none");
    command.add("-Dotel.metrics.exporter=none");
    command.add("-Dotel.logs.exporter=none");
    command.add("-Dotel.bsp.schedule.delay=200");
    command.addAll(
        List.of(
            "-jar",
            System.getProperty("payara7.microJar"),
            "--nohazelcast",
            "--deploy",
            System.getProperty("sample.war"),
            "--contextroot",
            "/",
            "--port",
            String.valueOf(PAYARA.httpPort())));
    return command;
  }
}
