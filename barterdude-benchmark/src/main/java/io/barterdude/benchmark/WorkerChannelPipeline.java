package io.barterdude.benchmark;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hand-written pipelines whose workers each publish on a channel of their own (a pool with one
 * channel per worker, so none ever waits for one) and acknowledge the input on their own ({@code
 * basicAck(tag, false)}):
 *
 * <ul>
 *   <li>{@link #confirmEach}, pipeline A, what most code does: the channel is in confirm mode, the
 *       message mandatory, and the worker waits for that one message's confirm ({@code
 *       waitForConfirmsOrDie}) before acknowledging;
 *   <li>{@link #unconfirmed}, pipeline C, the unsafe ceiling: no confirms, not mandatory, the input
 *       acknowledged right after the publish (an output lost on the way is lost for good).
 * </ul>
 */
final class WorkerChannelPipeline extends HandWrittenPipeline {

  /** How long pipeline A waits for one confirm. */
  private static final long CONFIRM_TIMEOUT_MILLIS = 10_000;

  private final boolean confirm;
  private final BlockingQueue<Channel> channels;
  private final AtomicInteger returned = new AtomicInteger();

  private WorkerChannelPipeline(
      String name,
      ConnectionFactory factory,
      String exchange,
      int prefetch,
      int workers,
      boolean confirm) {
    super(name, factory, exchange, prefetch, workers);
    this.confirm = confirm;
    this.channels = new ArrayBlockingQueue<>(workers);
  }

  /** Pipeline A: a confirm awaited per message, then the input acknowledged. */
  static WorkerChannelPipeline confirmEach(
      ConnectionFactory factory, String exchange, int prefetch, int workers) {
    return new WorkerChannelPipeline(
        "bd-bench-pipeline-a", factory, exchange, prefetch, workers, true);
  }

  /** Pipeline C: fire and forget, the input acknowledged right after the publish. */
  static WorkerChannelPipeline unconfirmed(
      ConnectionFactory factory, String exchange, int prefetch, int workers) {
    return new WorkerChannelPipeline(
        "bd-bench-pipeline-c", factory, exchange, prefetch, workers, false);
  }

  @Override
  void openPublishing(Connection connection) throws IOException {
    while (channels.remainingCapacity() > 0) {
      Channel channel = connection.createChannel();
      if (confirm) {
        channel.confirmSelect();
        channel.addReturnListener(message -> returned.incrementAndGet());
      }
      channels.add(channel);
    }
  }

  @Override
  void forward(long deliveryTag, byte[] output) throws Exception {
    Channel channel = channels.take();
    try {
      channel.basicPublish(exchange, "", confirm, MessageProperties.PERSISTENT_BASIC, output);
      if (confirm) {
        channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
      }
    } finally {
      channels.add(channel);
    }
    acknowledge(deliveryTag, false);
  }

  @Override
  public void verify(int handled) throws Exception {
    super.verify(handled);
    if (returned.get() > 0) {
      throw new IllegalStateException(returned + " outputs were unroutable");
    }
  }
}
