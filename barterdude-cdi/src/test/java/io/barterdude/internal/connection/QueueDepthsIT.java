package io.barterdude.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.Channel;
import io.barterdude.it.TestBroker;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The queue-depth sampler against the real broker: counts, consumers, and a deleted queue. */
class QueueDepthsIT {

  @Test
  void samplesReadyMessagesAndConsumersAndKeepTheLastSampleOfAQueueItCannotRead() throws Exception {
    String queue = "bd-queue-depths-" + UUID.randomUUID();
    String missing = "bd-queue-depths-missing-" + UUID.randomUUID();
    try (TestBroker broker = new TestBroker()) {
      broker.declareQueue(queue);
      for (int i = 0; i < 3; i++) {
        broker.publish(queue, "{}");
      }
      QueueDepths depths = new QueueDepths(broker::connection, List.of(missing, queue));
      assertEquals(new QueueDepths.Depth(0, 0), depths.of(queue), "zeros before a sample");

      depths.sample();
      assertEquals(new QueueDepths.Depth(3, 0), depths.of(queue));
      assertEquals(new QueueDepths.Depth(0, 0), depths.of(missing), "a missing queue");

      Channel consumer = broker.connection().createChannel();
      consumer.basicQos(1);
      consumer.basicConsume(queue, false, (tag, delivery) -> {}, tag -> {});
      depths.sample();
      assertEquals(new QueueDepths.Depth(2, 1), depths.of(queue), "one unacked, one consumer");

      broker.deleteQueue(queue);
      depths.sample();
      assertEquals(new QueueDepths.Depth(2, 1), depths.of(queue), "deleted: the last sample");
      assertEquals(List.of(missing, queue), depths.queues());
    }
  }
}
