package io.barterdude.benchmark;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the hand-written pipelines share, amqp-client alone: one consuming connection with one
 * channel of the given prefetch, each delivery handed to a fixed pool of worker threads that parse
 * the body, add a field ({@link JsonBodies#transform}) and {@link #forward} the result to the
 * exchange, publishing on a connection of their own (so that the broker's flow control of
 * publishers never holds back the acknowledgements). Closing stops consuming, lets the work in
 * flight finish and be settled, then closes both connections.
 */
abstract class HandWrittenPipeline implements Contestant {

  /** How long closing waits for handlers and confirms still in flight. */
  static final long SETTLE_MILLIS = 10_000;

  final String exchange;
  private final String name;
  private final ConnectionFactory factory;
  private final int prefetch;
  private final ExecutorService workers;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private Connection consuming;
  private Connection publishing;
  private Channel consumer;
  private String consumerTag;

  HandWrittenPipeline(
      String name, ConnectionFactory factory, String exchange, int prefetch, int workers) {
    this.name = name;
    this.factory = factory;
    this.exchange = exchange;
    this.prefetch = prefetch;
    this.workers = Executors.newFixedThreadPool(workers);
  }

  @Override
  public final void start(String queue) throws Exception {
    publishing = factory.newConnection(name + "-publisher");
    openPublishing(publishing);
    consuming = factory.newConnection(name);
    consumer = consuming.createChannel();
    consumer.basicQos(prefetch);
    consumerTag = consumer.basicConsume(queue, false, new Deliveries(consumer));
  }

  /** Opens what {@link #forward} publishes with, on the publishing connection. */
  abstract void openPublishing(Connection connection) throws IOException;

  /**
   * Called for each delivery, in delivery order on the consuming connection's thread, before a
   * worker takes it.
   */
  void delivered(long deliveryTag) {}

  /**
   * Publishes an input's transformed message and sees to the input's acknowledgement; runs on a
   * worker thread.
   */
  abstract void forward(long deliveryTag, byte[] output) throws Exception;

  /**
   * Waits until every forwarded message is settled, after the workers finished.
   *
   * @throws IOException if some were not settled in {@link #SETTLE_MILLIS}
   */
  void awaitSettled() throws IOException, InterruptedException {}

  /** Acknowledges inputs on the consuming channel. */
  final void acknowledge(long deliveryTag, boolean multiple) throws IOException {
    consumer.basicAck(deliveryTag, multiple);
  }

  /** Records a failure, which fails {@link #verify}. */
  final void failed(Exception e) {
    failure.compareAndSet(null, e);
  }

  @Override
  public void verify(int handled) throws Exception {
    Exception first = failure.get();
    if (first != null) {
      throw new IllegalStateException(name + " failed", first);
    }
  }

  /**
   * Stops consuming, lets the workers finish and every forwarded message be settled, then closes
   * both connections.
   *
   * @throws IOException if the work in flight did not settle in time
   */
  @Override
  public void close() throws IOException {
    try {
      if (consumerTag != null && consumer.isOpen()) {
        consumer.basicCancel(consumerTag);
      }
      workers.shutdown();
      if (!workers.awaitTermination(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) {
        throw new IOException(name + ": handlers still running after " + SETTLE_MILLIS + " ms");
      }
      awaitSettled();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(name + ": interrupted while settling", e);
    } finally {
      workers.shutdownNow();
      close(consuming);
      close(publishing);
    }
  }

  private static void close(Connection connection) {
    if (connection != null && connection.isOpen()) {
      try {
        connection.close();
      } catch (IOException | RuntimeException e) {
        connection.abort();
      }
    }
  }

  private final class Deliveries extends DefaultConsumer {
    Deliveries(Channel channel) {
      super(channel);
    }

    @Override
    public void handleDelivery(
        String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      long deliveryTag = envelope.getDeliveryTag();
      delivered(deliveryTag);
      workers.execute(() -> handle(deliveryTag, properties, body));
    }

    private void handle(long deliveryTag, AMQP.BasicProperties properties, byte[] body) {
      Sink sink = Sink.current();
      sink.awaitGate();
      JsonObject output = JsonBodies.transform(JsonBodies.parse(body));
      try {
        forward(deliveryTag, JsonBodies.bytes(output));
      } catch (Exception e) {
        failed(e);
        return;
      }
      sink.handled(output, properties.getHeaders());
    }
  }
}
