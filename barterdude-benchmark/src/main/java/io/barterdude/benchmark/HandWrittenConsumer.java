package io.barterdude.benchmark;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: a consumer as one writes it with amqp-client alone. One channel with the prefetch,
 * each delivery handed to a fixed pool of worker threads that parse the body with JSON-P and
 * acknowledge it on their own ({@code basicAck(tag, false)}).
 */
final class HandWrittenConsumer implements Contestant {

  private final int prefetch;
  private final ExecutorService workers;
  private Connection connection;

  HandWrittenConsumer(int prefetch, int workers) {
    this.prefetch = prefetch;
    this.workers = Executors.newFixedThreadPool(workers);
  }

  @Override
  public void start(String queue) throws Exception {
    connection = Broker.factory().newConnection("bd-bench-hand-written");
    Channel channel = connection.createChannel();
    channel.basicQos(prefetch);
    channel.basicConsume(queue, false, new Deliveries(channel));
  }

  @Override
  public void close() throws IOException {
    if (connection != null) {
      connection.close();
    }
    workers.shutdownNow();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Deliveries extends DefaultConsumer {
    Deliveries(Channel channel) {
      super(channel);
    }

    @Override
    public void handleDelivery(
        String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      workers.execute(() -> handle(envelope.getDeliveryTag(), properties, body));
    }

    private void handle(long deliveryTag, AMQP.BasicProperties properties, byte[] body) {
      Sink sink = Sink.current();
      sink.awaitGate();
      sink.handled(JsonBodies.parse(body), properties.getHeaders());
      try {
        getChannel().basicAck(deliveryTag, false);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
