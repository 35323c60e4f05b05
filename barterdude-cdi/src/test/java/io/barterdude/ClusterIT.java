package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import io.barterdude.internal.runtime.BarterDudeRuntime;
import io.barterdude.it.RabbitCluster;
import io.barterdude.it.RabbitNode;
import io.barterdude.it.TestApp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BarterDude on a three-node RabbitMQ cluster of its own ({@link RabbitCluster}, started once for
 * the class): nodes stopped under running applications, consumers of a classic queue whose home
 * node went down, two instances sharing a quorum queue while nodes and the queue's leader go away.
 * Every node is running again after each test, and none outlives the class.
 */
class ClusterIT {

  static final String CLASSIC = "bd-cluster-classic";
  static final String QUORUM = "bd-cluster-quorum";
  static final String SHARED = "bd-cluster-shared";
  static final Map<String, Object> QUORUM_ARGS = Map.of("x-queue-type", "quorum");
  static final int TOTAL = 10_000;
  static final int PREFETCH = 20;
  static final int INSTANCES = 2;
  static final Duration READY_WITHIN = Duration.ofSeconds(30);
  static final Set<String> HOME_NODE_HANDLED = ConcurrentHashMap.newKeySet();
  static final Map<Integer, AtomicInteger> HANDLED = new ConcurrentHashMap<>();
  static final AtomicInteger CALLS = new AtomicInteger();
  static final AtomicInteger BY_A = new AtomicInteger();
  static final AtomicInteger BY_B = new AtomicInteger();
  static final AtomicInteger LIMIT = new AtomicInteger();

  static RabbitCluster cluster;

  @BeforeAll
  static void startCluster() {
    RabbitNode.stopStrays();
    cluster = RabbitCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
    assertEquals(List.of(), RabbitNode.runningNodeVms(), "Erlang VMs of test nodes still running");
  }

  @BeforeEach
  void reset() {
    HOME_NODE_HANDLED.clear();
    HANDLED.clear();
    CALLS.set(0);
    BY_A.set(0);
    BY_B.set(0);
    LIMIT.set(Integer.MAX_VALUE);
  }

  @AfterEach
  void everyNodeRunning() {
    for (int i = 0; i < cluster.nodes().size(); i++) {
      if (!cluster.node(i).isRunning()) {
        cluster.start(i);
      }
    }
  }

  /** Reads a classic queue and a quorum queue. */
  @ApplicationScoped
  static class TwoQueues {
    void on(@Observes @Consume(queues = {CLASSIC, QUORUM}) Message message) {
      HOME_NODE_HANDLED.add(message.queue() + ":" + message.text());
    }
  }

  /**
   * Takes about 10 ms per message, five at a time, and waits while {@link #LIMIT} messages were
   * handled (its messages stay unacknowledged meanwhile); instance A.
   */
  @ApplicationScoped
  static class InstanceA {
    void on(@Observes @Consume(queues = SHARED, concurrency = 5) Message message)
        throws InterruptedException {
      handle(message, BY_A);
    }
  }

  /** The same consumer as {@link InstanceA}, in the other instance. */
  @ApplicationScoped
  static class InstanceB {
    void on(@Observes @Consume(queues = SHARED, concurrency = 5) Message message)
        throws InterruptedException {
      handle(message, BY_B);
    }
  }

  static void handle(Message message, AtomicInteger instance) throws InterruptedException {
    while (CALLS.get() >= LIMIT.get()) {
      Thread.sleep(10);
    }
    Thread.sleep(10);
    HANDLED
        .computeIfAbsent(Integer.valueOf(message.text()), id -> new AtomicInteger())
        .incrementAndGet();
    instance.incrementAndGet();
    CALLS.incrementAndGet();
  }

  /**
   * The bug: a classic queue's home node stops, the application fails over to another node,
   * its recovery cannot subscribe to that queue (NOT_FOUND, home node down), which closes the
   * consumer's channel. The subscriptions are retried until the node is back: the quorum queue of
   * the same consumer is read meanwhile, and the classic one again once its node runs.
   */
  @Test
  void aSubscriptionRefusedDuringRecoveryIsRetriedUntilTheHomeNodeIsBack() throws Exception {
    RabbitNode home = cluster.node(1);
    declare(home, CLASSIC, Map.of());
    declare(cluster.node(2), QUORUM, QUORUM_ARGS);
    Map<String, String> settings = settings(List.of(1, 0, 2));
    try (TestApp app = TestApp.start(settings, TwoQueues.class)) {
      assertEquals(home.amqpAddress(), readinessData(app).get("node.consume"));
      long stopped = System.nanoTime();
      cluster.stop(1);
      BarterDudeRuntime runtime = app.bean(BarterDudeRuntime.class);
      await()
          .atMost(30, SECONDS)
          .until(() -> runtime.isConnected() && !home.amqpAddress().equals(consumeNode(app)));
      publish(cluster.node(0), QUORUM, "during");
      await().atMost(30, SECONDS).until(() -> HOME_NODE_HANDLED.contains(QUORUM + ":during"));
      assertEquals(HealthCheckResponse.Status.DOWN, HealthIT.readiness(app).getStatus());
      long restarted = System.nanoTime();
      cluster.start(1);
      long nodeBack = System.nanoTime();
      await().atMost(READY_WITHIN).until(() -> isReady(app));
      long ready = System.nanoTime();
      assertEquals(1, consumers(cluster.node(0), CLASSIC), "subscribed again");
      publish(cluster.node(0), CLASSIC, "after");
      await().atMost(30, SECONDS).until(() -> HOME_NODE_HANDLED.contains(CLASSIC + ":after"));
      System.out.printf(
          "ClusterIT: home node down %d ms (start took %d ms); readiness UP %d ms after the node"
              + " was back%n",
          millis(stopped, restarted), millis(restarted, nodeBack), millis(nodeBack, ready));
    }
  }

  /**
   * Two instances share a quorum queue of 10,000 persistent messages; the node instance A is
   * connected to stops mid-stream and starts again, then the queue's leader node stops and starts
   * again. Every message is handled, none lost, duplicates bounded by the prefetch, both instances
   * ready again within 30 s of each fault, and both did part of the work. The handlers stop at
   * 3,000 and 6,000 messages until the fault before is over, so that each fault comes mid-stream
   * however long the nodes take to stop and start.
   */
  @Test
  void twoInstancesShareAQuorumQueueThroughNodeAndLeaderLoss() throws Exception {
    declare(cluster.node(2), SHARED, QUORUM_ARGS);
    publishAll(cluster.node(2), SHARED);
    LIMIT.set(3_000);
    long started = System.nanoTime();
    Map<String, String> quorumTopology =
        Map.of("barterdude.topology.queue." + SHARED + ".arguments", "x-queue-type=quorum");
    try (TestApp a =
            TestApp.start(with(settings(List.of(0, 1, 2)), quorumTopology), InstanceA.class);
        TestApp b =
            TestApp.start(with(settings(List.of(1, 2, 0)), quorumTopology), InstanceB.class)) {
      assertEquals(cluster.node(0).amqpAddress(), consumeNode(a));
      assertEquals(cluster.node(1).amqpAddress(), consumeNode(b));
      await().atMost(60, SECONDS).until(() -> CALLS.get() >= 1_500);
      String nodeLoss = fault(0, a, b);
      LIMIT.set(6_000);
      int leader = leaderOf(SHARED);
      await().atMost(60, SECONDS).until(() -> CALLS.get() >= 4_500);
      String leaderLoss = fault(leader, a, b);
      LIMIT.set(Integer.MAX_VALUE);
      await().atMost(180, SECONDS).until(() -> HANDLED.size() == TOTAL);
      int duplicates = CALLS.get() - TOTAL;
      System.out.printf(
          "ClusterIT: %d messages, 2 instances (A %d, B %d); node 0 (A's) stopped: %s; leader"
              + " node %d stopped: %s; %d lost, %d duplicates, %d ms%n",
          TOTAL,
          BY_A.get(),
          BY_B.get(),
          nodeLoss,
          leader,
          leaderLoss,
          TOTAL - HANDLED.size(),
          duplicates,
          millis(started, System.nanoTime()));
      assertTrue(
          duplicates <= PREFETCH * INSTANCES * 2,
          duplicates + " duplicates; at most prefetch x instances x faults");
      assertTrue(BY_A.get() > TOTAL / 10 && BY_B.get() > TOTAL / 10, "both instances worked");
      await().atMost(30, SECONDS).until(() -> messages(cluster.node(0), SHARED) == 0);
    }
  }

  /**
   * Stops a node mid-stream and starts it again.
   *
   * @return what happened, with how long after the stop began both instances were ready again
   *     (connected, every consumer subscribed) and the nodes they were connected to then
   */
  private static String fault(int node, TestApp a, TestApp b) {
    assertTrue(HANDLED.size() < TOTAL, "faults happen while messages are left");
    String before = consumeNode(a) + " " + consumeNode(b);
    long stopping = System.nanoTime();
    cluster.stop(node);
    long stopped = System.nanoTime();
    await().atMost(READY_WITHIN).until(() -> isReady(a) && isReady(b));
    long ready = System.nanoTime();
    assertTrue(millis(stopping, ready) <= READY_WITHIN.toMillis(), "ready again within 30 s");
    String after = consumeNode(a) + " " + consumeNode(b);
    cluster.start(node);
    return String.format(
        "the stop took %d ms, both ready %d ms after it began, A and B on %s, then on %s",
        millis(stopping, stopped), millis(stopping, ready), before, after);
  }

  private static boolean isReady(TestApp app) {
    return HealthIT.readiness(app).getStatus() == HealthCheckResponse.Status.UP;
  }

  private static Map<String, Object> readinessData(TestApp app) {
    return HealthIT.readiness(app).getData().orElseThrow();
  }

  private static String consumeNode(TestApp app) {
    return String.valueOf(readinessData(app).get("node.consume"));
  }

  /** Every node's address, in the given order, tried in that order. */
  private static Map<String, String> settings(List<Integer> order) {
    return Map.of(
        "barterdude.addresses",
        String.join(",", order.stream().map(i -> cluster.node(i).amqpAddress()).toList()),
        "barterdude.address-shuffle",
        "none",
        "barterdude.prefetch",
        String.valueOf(PREFETCH),
        "barterdude.reconnect-delay-ms",
        "200",
        "barterdude.reconnect-max-delay-ms",
        "2000");
  }

  private static Map<String, String> with(Map<String, String> one, Map<String, String> other) {
    Map<String, String> all = new HashMap<>(one);
    all.putAll(other);
    return all;
  }

  /** The index of the node leading a quorum queue. */
  private static int leaderOf(String queue) {
    String leader =
        cluster
            .node(0)
            .ctl("list_queues", "--no-table-headers", "name", "leader")
            .lines()
            .map(line -> line.strip().split("\\s+"))
            .filter(columns -> columns.length == 2 && columns[0].equals(queue))
            .map(columns -> columns[1])
            .findFirst()
            .orElseThrow();
    for (int i = 0; i < cluster.nodes().size(); i++) {
      if (cluster.node(i).nodeName().equals(leader)) {
        return i;
      }
    }
    throw new IllegalStateException("no node " + leader);
  }

  private static void declare(RabbitNode node, String queue, Map<String, Object> arguments)
      throws Exception {
    try (Connection connection = node.connectionFactory().newConnection("bd-cluster-test")) {
      connection.createChannel().queueDeclare(queue, true, false, false, arguments);
    }
  }

  private static void publish(RabbitNode node, String queue, String body) throws Exception {
    try (Connection connection = node.connectionFactory().newConnection("bd-cluster-test")) {
      Channel channel = connection.createChannel();
      channel.confirmSelect();
      channel.basicPublish(
          "", queue, MessageProperties.PERSISTENT_BASIC, body.getBytes(StandardCharsets.UTF_8));
      channel.waitForConfirmsOrDie(30_000);
    }
  }

  /** Publishes 0 .. TOTAL-1, persistent, and waits for every confirm. */
  private static void publishAll(RabbitNode node, String queue) throws Exception {
    try (Connection connection = node.connectionFactory().newConnection("bd-cluster-test")) {
      Channel channel = connection.createChannel();
      channel.confirmSelect();
      for (int i = 0; i < TOTAL; i++) {
        channel.basicPublish(
            "",
            queue,
            MessageProperties.PERSISTENT_BASIC,
            String.valueOf(i).getBytes(StandardCharsets.UTF_8));
      }
      channel.waitForConfirmsOrDie(120_000);
    }
    assertEquals(TOTAL, messages(node, queue));
  }

  private static long messages(RabbitNode node, String queue) throws Exception {
    try (Connection connection = node.connectionFactory().newConnection("bd-cluster-test")) {
      return connection.createChannel().queueDeclarePassive(queue).getMessageCount();
    }
  }

  private static long consumers(RabbitNode node, String queue) throws Exception {
    try (Connection connection = node.connectionFactory().newConnection("bd-cluster-test")) {
      return connection.createChannel().queueDeclarePassive(queue).getConsumerCount();
    }
  }

  private static long millis(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1_000_000;
  }
}
