package io.barterdude.demo;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged launcher ({@code java -jar barterdude-demo-broker.jar}), as the sample's build runs
 * it: it starts the demo broker only where nothing answers, and the broker ends with the process
 * that started it.
 */
class DemoBrokerLauncherIT {

  private static final Path JAR =
      Path.of(System.getProperty("demo.broker.jar", "target/barterdude-demo-broker.jar"));
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private Path output;
  private Process process;

  @BeforeEach
  void createOutput() throws IOException {
    output = Files.createTempFile("demo-broker-launcher-", ".log");
  }

  @AfterEach
  void cleanUp() throws IOException {
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    Files.deleteIfExists(output);
  }

  @Test
  void whenABrokerAnswersItStartsNothingAndEnds() throws Exception {
    try (ServerSocket answering = new ServerSocket(0)) {
      process = launch(answering.getLocalPort(), List.of(JAVA, "-jar", JAR.toString()));
      assertTrue(process.waitFor(60, SECONDS), "the launcher ended");
      assertEquals(0, process.exitValue());
      assertTrue(read().contains("a broker answers on 127.0.0.1:" + answering.getLocalPort()));
    }
  }

  @Test
  void whenNothingAnswersItServesThePortUntilItsParentEnds() throws Exception {
    int port = freePort();
    // A shell between the test and the launcher, to play the Maven build that started it.
    process = launch(port, List.of("sh", "-c", JAVA + " -jar '" + JAR + "'; true"));
    await("the demo broker answers")
        .atMost(120, SECONDS)
        .pollInterval(1, SECONDS)
        .ignoreExceptions()
        .until(() -> isDemoBroker(port));
    assertTrue(read().contains("started a DEMO broker there"), read());
    ProcessHandle launcher = process.children().findFirst().orElseThrow();

    process.destroyForcibly();

    assertTrue(launcher.onExit().get(60, SECONDS) != null, "the launcher ended with its parent");
    assertTrue(!answers(port), "the port is free again");
  }

  private Process launch(int port, List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("BARTERDUDE_HOSTNAME", "127.0.0.1");
    builder.environment().put("BARTERDUDE_PORT", Integer.toString(port));
    return builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
  }

  private String read() throws IOException {
    return Files.readString(output);
  }

  private static boolean isDemoBroker(int port) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(port);
    try (Connection connection = factory.newConnection()) {
      return String.valueOf(connection.getServerProperties().get("product")).contains("Qpid");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
