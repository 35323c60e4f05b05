package io.barterdude.it;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A RabbitMQ cluster of extra {@link RabbitNode}s for tests (issue #14): the nodes start in
 * parallel, then every node but the first joins the first ({@code stop_app}, {@code join_cluster},
 * {@code start_app}). One node can be stopped, killed and started again; {@link #close()} stops
 * them all. The nodes share the Erlang cookie of the machine's broker.
 *
 * <p>Measured here (2 cores, RabbitMQ 3.10.8, other jobs sharing the machine, load average in
 * brackets): {@link #start()} 34 s [3-6] (20 s to boot the three nodes, 14 s for the six {@code
 * rabbitmqctl} calls of the joins), 50-70 s [10-13]; {@link #stop(int)} 3.5 s, {@link #start(int)}
 * 7.5-9 s [5-6]; {@link #close()} 4-6 s [5-7], 6-9 s [10-13].
 */
public final class RabbitCluster implements AutoCloseable {

  private final List<RabbitNode> nodes;

  private RabbitCluster(List<RabbitNode> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /** Starts a cluster of three nodes with plain listeners. */
  public static RabbitCluster start() {
    return start(RabbitNode.builder(), 3);
  }

  /**
   * Starts a cluster of {@code size} nodes, each built by the same builder (each gets its own name
   * and ports).
   */
  public static RabbitCluster start(RabbitNodeBuilder builder, int size) {
    List<RabbitNode> nodes = IntStream.range(0, size).mapToObj(i -> builder.build()).toList();
    RabbitCluster cluster = new RabbitCluster(nodes);
    try {
      RabbitProcesses.inParallel(nodes, RabbitNode::start);
      nodes.subList(1, size).forEach(cluster::joinFirst);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void joinFirst(RabbitNode node) {
    node.stopApp();
    node.ctl("join_cluster", nodes.get(0).nodeName());
    node.startApp();
  }

  /** The nodes, the first being the one the others joined. */
  public List<RabbitNode> nodes() {
    return nodes;
  }

  /** One node, counted from 0. */
  public RabbitNode node(int index) {
    return nodes.get(index);
  }

  /** The plain AMQP port of one node. */
  public int amqpPort(int index) {
    return node(index).amqpPort();
  }

  /** Every node's address: {@code 127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}. */
  public String addresses() {
    return nodes.stream().map(RabbitNode::amqpAddress).collect(Collectors.joining(","));
  }

  /** Stops one node; the others keep the cluster running. */
  public void stop(int index) {
    node(index).stop();
  }

  /** Kills one node (SIGKILL), as a crash would. */
  public void kill(int index) {
    node(index).kill();
  }

  /** Starts a stopped or killed node again; it rejoins the cluster with its old data. */
  public void start(int index) {
    node(index).start();
  }

  /** Stops every node, in parallel. */
  @Override
  public void close() {
    RabbitNode.closeAll(nodes);
  }
}
