package io.barterdude.mp7;

import static java.util.concurrent.TimeUnit.SECONDS;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same sample WAR on Payara Micro 7 (Jakarta EE 11, Java 21+: run by the {@code java} of {@code
 * -Dpayara7.java} or else of the newest JDK 21+ under {@code /usr/lib/jvm}; skipped, saying why, on
 * a machine with none), in a process of its own started and stopped here, on queues of its own,
 * with MicroProfile Telemetry on; Payara Micro 7 ships no logging exporter, so the trace is
 * followed in the messages' headers only (see {@link SampleServerChecks}).
 */
class Payara7IT extends SampleServerChecks {

  static final SampleServer PAYARA =
      new SampleServer(
          Integer.getInteger("payara7.http.port", 9782),
          "barterdude-payara7-it-",
          Path.of("target/payara7/payara.log"),
          false);

  static final Path JVMS = Path.of("/usr/lib/jvm");

  static Process payara;

  @BeforeAll
  static void start() throws Exception {
    Path java = java21();
    File log = PAYARA.log().toFile();
    log.getParentFile().mkdirs();
    payara =
        new ProcessBuilder(command(java)).redirectErrorStream(true).redirectOutput(log).start();
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

  /** The JDK 21+ to run Payara Micro 7 with; aborts (skips) the class when there is none. */
  private static Path java21() throws IOException {
    String given = System.getProperty("payara7.java", "");
    if (!given.isBlank()) {
      return Path.of(given);
    }
    try (Stream<Path> jdks = Files.list(JVMS)) {
      Optional<Path> newest =
          jdks.filter(jdk -> javaMajor(jdk) >= 21)
              .max(Comparator.comparingInt(Payara7IT::javaMajor))
              .map(jdk -> jdk.resolve("bin/java"));
      Assumptions.assumeTrue(
          newest.isPresent(),
          "Payara Micro 7 needs Java 21+; no such JDK under " + JVMS + " (-Dpayara7.java=...)");
      return newest.get();
    }
  }

  /** The feature version in a JDK's {@code release} file, 0 when unreadable. */
  private static int javaMajor(Path jdk) {
    try {
      Matcher version =
          Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)")
              .matcher(Files.readString(jdk.resolve("release")));
      return version.find() ? Integer.parseInt(version.group(1)) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static List<String> command(Path java) {
    String prefix = PAYARA.queuePrefix();
    List<String> command = new ArrayList<>();
    command.add(java.toString());
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
