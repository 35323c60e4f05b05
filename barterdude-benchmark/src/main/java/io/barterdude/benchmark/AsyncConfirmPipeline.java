package io.barterdude.benchmark;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Hand-written pipeline B, the best one can write with amqp-client alone: the workers publish
 * (mandatory) on one shared confirm-mode channel without waiting; a {@link ConfirmListener} maps
 * the broker's confirms, single or multiple, back to their inputs through a sorted map of publish
 * sequence numbers to delivery tags, and acknowledges with {@code multiple=true} every input up to
 * the lowest one whose output is not confirmed yet (inputs still with a worker count as
 * unconfirmed). One lock guards the map and the sequence numbers; the prefetch bounds the
 * unconfirmed messages.
 */
final class AsyncConfirmPipeline extends HandWrittenPipeline implements ConfirmListener {

  private final Object lock = new Object();

  /** Publish sequence number to the delivery tag of its input. */
  private final NavigableMap<Long, Long> unconfirmed = new TreeMap<>();

  /** Inputs delivered whose output is not confirmed yet. */
  private final NavigableSet<Long> pending = new TreeSet<>();

  private long lastDelivered;
  private long acknowledged;
  private int returned;
  private Channel publisher;

  AsyncConfirmPipeline(ConnectionFactory factory, String exchange, int prefetch, int workers) {
    super("bd-bench-pipeline-b", factory, exchange, prefetch, workers);
  }

  @Override
  void openPublishing(Connection connection) throws IOException {
    publisher = connection.createChannel();
    publisher.confirmSelect();
    publisher.addConfirmListener(this);
    publisher.addReturnListener(
        message -> {
          synchronized (lock) {
            returned++;
          }
        });
  }

  @Override
  void delivered(long deliveryTag) {
    synchronized (lock) {
      pending.add(deliveryTag);
      lastDelivered = deliveryTag;
    }
  }

  @Override
  void forward(long deliveryTag, byte[] output) throws IOException {
    synchronized (lock) {
      unconfirmed.put(publisher.getNextPublishSeqNo(), deliveryTag);
      publisher.basicPublish(exchange, "", true, MessageProperties.PERSISTENT_BASIC, output);
    }
  }

  @Override
  public void handleAck(long sequenceNumber, boolean multiple) throws IOException {
    synchronized (lock) {
      NavigableMap<Long, Long> confirmed =
          multiple
              ? unconfirmed.headMap(sequenceNumber, true)
              : unconfirmed.subMap(sequenceNumber, true, sequenceNumber, true);
      pending.removeAll(confirmed.values());
      confirmed.clear();
      long upTo = pending.isEmpty() ? lastDelivered : pending.first() - 1;
      if (upTo > acknowledged) {
        acknowledge(upTo, true);
        acknowledged = upTo;
      }
      if (pending.isEmpty()) {
        lock.notifyAll();
      }
    }
  }

  /** A nacked output fails the run; its input stays unacknowledged and goes back to the queue. */
  @Override
  public void handleNack(long sequenceNumber, boolean multiple) {
    failed(new IOException("the broker nacked output " + sequenceNumber));
  }

  @Override
  void awaitSettled() throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
    synchronized (lock) {
      while (!pending.isEmpty()) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          throw new IOException(pending.size() + " inputs still unconfirmed");
        }
        lock.wait(left);
      }
    }
  }

  @Override
  public void verify(int handled) throws Exception {
    super.verify(handled);
    synchronized (lock) {
      if (returned > 0) {
        throw new IllegalStateException(returned + " outputs were unroutable");
      }
    }
  }
}
