package io.barterdude.benchmark;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Offers messages at a fixed rate, each stamped with {@link System#nanoTime()} in the header {@link
 * Sink#SENT_HEADER}: the consumer runs in the same JVM and subtracts it. A late send is made at
 * once (no coordinated omission from pausing the schedule).
 */
final class PacedPublisher {

  private PacedPublisher() {}

  static void publish(String queue, byte[] body, int rate, int count) throws Exception {
    try (Connection connection = Broker.factory().newConnection("bd-bench-paced-publisher")) {
      Channel channel = connection.createChannel();
      long interval = 1_000_000_000L / rate;
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        long due = start + i * interval;
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
        AMQP.BasicProperties properties =
            MessageProperties.PERSISTENT_BASIC
                .builder()
                .headers(Map.of(Sink.SENT_HEADER, System.nanoTime()))
                .build();
        channel.basicPublish("", queue, properties, body);
      }
    }
  }
}
