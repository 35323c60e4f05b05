package io.barterdude.benchmark;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The publishing baseline: amqp-client alone, one confirm-mode channel, at most {@code window}
 * messages awaiting their confirm (a sliding window released by the broker's acks, tracked in a
 * sorted map as in RabbitMQ's publisher-confirms tutorial), persistent messages to the default
 * exchange, mandatory as BarterDude publishes by default (an unroutable message fails the run): the
 * broker's routing check costs it about 10 % more CPU per message, so a publisher without it would
 * not offer the same guarantee.
 */
final class HandWrittenPublisher implements Publisher {

  private final ConnectionFactory factory;
  private final int window;
  private Connection connection;

  HandWrittenPublisher(int window) {
    this(Broker.factory(), window);
  }

  HandWrittenPublisher(ConnectionFactory factory, int window) {
    this.factory = factory;
    this.window = window;
  }

  @Override
  public void open() throws Exception {
    connection = factory.newConnection("bd-bench-hand-written-publisher");
  }

  @Override
  public void publish(String queue, byte[] body, int count) throws Exception {
    Channel channel = connection.createChannel();
    channel.confirmSelect();
    Semaphore free = new Semaphore(window);
    ConcurrentNavigableMap<Long, Boolean> outstanding = new ConcurrentSkipListMap<>();
    channel.addConfirmListener(new Window(outstanding, free));
    AtomicInteger returned = new AtomicInteger();
    channel.addReturnListener(message -> returned.incrementAndGet());
    for (int i = 0; i < count; i++) {
      if (!free.tryAcquire(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no confirm for 30 s");
      }
      outstanding.put(channel.getNextPublishSeqNo(), Boolean.TRUE);
      channel.basicPublish("", queue, true, MessageProperties.PERSISTENT_BASIC, body);
    }
    channel.waitForConfirmsOrDie(30_000);
    channel.close();
    if (returned.get() > 0) {
      throw new IllegalStateException(returned + " messages were unroutable");
    }
  }

  @Override
  public void close() throws IOException {
    if (connection != null) {
      connection.close();
    }
  }

  /** Releases the window for each confirmed message; fails on a nack. */
  private record Window(ConcurrentNavigableMap<Long, Boolean> outstanding, Semaphore free)
      implements ConfirmListener {
    @Override
    public void handleAck(long deliveryTag, boolean multiple) {
      confirmed(deliveryTag, multiple);
    }

    @Override
    public void handleNack(long deliveryTag, boolean multiple) {
      confirmed(deliveryTag, multiple);
      System.err.println("broker nacked message " + deliveryTag);
    }

    private void confirmed(long deliveryTag, boolean multiple) {
      if (!multiple) {
        if (outstanding.remove(deliveryTag) != null) {
          free.release();
        }
        return;
      }
      int released = 0;
      for (Long first = firstKey(); first != null && first <= deliveryTag; first = firstKey()) {
        if (outstanding.remove(first) != null) {
          released++;
        }
      }
      free.release(released);
    }

    private Long firstKey() {
      Map.Entry<Long, Boolean> first = outstanding.firstEntry();
      return first == null ? null : first.getKey();
    }
  }
}
