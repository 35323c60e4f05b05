package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import io.barterdude.it.RabbitNode;
import io.barterdude.it.TestApp;
import jakarta.json.Json;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline of {@link PipelineIT} on a RabbitMQ node of the test's own that is killed (SIGKILL,
 * as a crash or a power cut would) in the middle of the run and started again: every input reaches
 * the output queue at least once, because an input is acknowledged only once its output was
 * confirmed, and the broker confirms a persistent message only once it is on disk. Duplicates are
 * not bounded by the prefetch here: besides the inputs in flight at the kill, the restarted node
 * delivers again inputs whose acknowledgements it had not yet persisted (1,000 to 3,200 of 10,000
 * in our runs: about the last second or two of acknowledgements before the kill).
 */
class BrokerCrashIT {

  static final int TOTAL = 10_000;
  static final int KILL_AFTER = 2_000;

  static RabbitNode node;

  @BeforeAll
  static void startNode() {
    RabbitNode.stopStrays();
    node = RabbitNode.startStandalone();
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
    assertEquals(List.of(), RabbitNode.runningNodeVms(), "test nodes still running");
  }

  @Test
  void noInputIsLostWhenTheBrokerIsKilledMidStream() throws Exception {
    publishInputs();
    Map<String, String> settings =
        Map.of(
            "barterdude.addresses", node.amqpAddress(),
            "barterdude.connection-name", "bd-it-broker-crash",
            "barterdude.reconnect-max-delay-ms", "2000");
    try (TestApp app = TestApp.start(settings, PipelineIT.Forwarder.class)) {
      await().atMost(60, SECONDS).until(() -> messages(PipelineIT.OUTPUT) >= KILL_AFTER);
      node.kill();
      long killed = System.nanoTime();
      node.start();
      await().atMost(120, SECONDS).until(() -> messages(PipelineIT.INPUT) == 0);
      System.out.printf(
          "BrokerCrashIT: inputs all acknowledged %d s after the kill%n",
          (System.nanoTime() - killed) / 1_000_000_000);
    }
    Set<Integer> forwarded = new HashSet<>();
    int outputs = drainOutputIds(forwarded);
    System.out.printf(
        "BrokerCrashIT: %d outputs, %d distinct inputs, %d duplicates%n",
        outputs, forwarded.size(), outputs - forwarded.size());
    assertEquals(TOTAL, forwarded.size(), "inputs lost");
    assertTrue(outputs < 2 * TOTAL, "every input forwarded twice or more: " + outputs);
  }

  private static void publishInputs() throws Exception {
    try (Connection connection = node.connectionFactory().newConnection()) {
      Channel channel = connection.createChannel();
      channel.queueDeclare(PipelineIT.INPUT, true, false, false, null);
      channel.queueDeclare(PipelineIT.OUTPUT, true, false, false, null);
      channel.confirmSelect();
      for (int id = 0; id < TOTAL; id++) {
        byte[] body = ("{\"id\": " + id + "}").getBytes(StandardCharsets.UTF_8);
        channel.basicPublish("", PipelineIT.INPUT, MessageProperties.PERSISTENT_BASIC, body);
      }
      channel.waitForConfirmsOrDie(30_000);
    }
  }

  /** Ready and unacknowledged messages of a queue on the node. */
  private static long messages(String queue) {
    for (String line :
        node.ctl("list_queues", "--no-table-headers", "name", "messages").lines().toList()) {
      String[] fields = line.split("\t");
      if (fields[0].equals(queue)) {
        return Long.parseLong(fields[1].strip());
      }
    }
    return -1;
  }

  private static int drainOutputIds(Set<Integer> ids) throws Exception {
    int outputs = 0;
    try (Connection connection = node.connectionFactory().newConnection()) {
      Channel channel = connection.createChannel();
      for (GetResponse got = channel.basicGet(PipelineIT.OUTPUT, true);
          got != null;
          got = channel.basicGet(PipelineIT.OUTPUT, true)) {
        String body = new String(got.getBody(), StandardCharsets.UTF_8);
        ids.add(Json.createReader(new StringReader(body)).readObject().getInt("id"));
        outputs++;
      }
    }
    return outputs;
  }
}
