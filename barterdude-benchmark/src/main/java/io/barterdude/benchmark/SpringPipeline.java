package io.barterdude.benchmark;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

/**
 * The pipeline in Spring AMQP as its reference documentation suggests: a {@link RabbitTemplate}
 * with correlated publisher confirms and returns ({@code ConfirmType.CORRELATED}, mandatory) on the
 * caching connection factory's publisher connection, and a {@link SimpleMessageListenerContainer}
 * in {@code MANUAL} acknowledge mode with {@code consumers} consumers of {@code prefetchEach} each.
 * The listener sends the transformed message with a {@link CorrelationData} and returns; the input
 * is acknowledged on its consumer's channel when the correlation's future completes with an ack and
 * no return (on the publisher connection's thread).
 */
final class SpringPipeline implements Contestant {

  static {
    Logger.getLogger("org.springframework").setLevel(Level.WARNING);
  }

  private final ConnectionFactory rabbit;
  private final String exchange;
  private final int consumers;
  private final int prefetchEach;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicReference<String> failure = new AtomicReference<>();
  private CachingConnectionFactory factory;
  private SimpleMessageListenerContainer container;

  SpringPipeline(ConnectionFactory rabbit, String exchange, int consumers, int prefetchEach) {
    this.rabbit = rabbit;
    this.exchange = exchange;
    this.consumers = consumers;
    this.prefetchEach = prefetchEach;
  }

  @Override
  public void start(String queue) {
    factory = new CachingConnectionFactory(rabbit);
    factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
    factory.setPublisherReturns(true);
    RabbitTemplate template = new RabbitTemplate(factory);
    template.setUsePublisherConnection(true);
    template.setMandatory(true);
    template.setReturnsCallback(returned -> failure.compareAndSet(null, "returned: " + returned));
    container = new SimpleMessageListenerContainer(factory);
    container.setQueueNames(queue);
    container.setConcurrentConsumers(consumers);
    container.setPrefetchCount(prefetchEach);
    container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
    container.setMessageListener(
        (ChannelAwareMessageListener) (message, channel) -> forward(template, message, channel));
    container.afterPropertiesSet();
    container.start();
  }

  private void forward(RabbitTemplate template, Message input, Channel channel) {
    Sink sink = Sink.current();
    sink.awaitGate();
    JsonObject output = JsonBodies.transform(JsonBodies.parse(input.getBody()));
    MessageProperties properties = new MessageProperties();
    properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
    long deliveryTag = input.getMessageProperties().getDeliveryTag();
    CorrelationData correlation = new CorrelationData();
    inFlight.incrementAndGet();
    correlation
        .getFuture()
        .whenComplete(
            (confirm, error) -> settle(channel, deliveryTag, confirm, error, correlation));
    template.send(exchange, "", new Message(JsonBodies.bytes(output), properties), correlation);
    sink.handled(output, input.getMessageProperties().getHeaders());
  }

  private void settle(
      Channel channel,
      long deliveryTag,
      CorrelationData.Confirm confirm,
      Throwable error,
      CorrelationData correlation) {
    try {
      if (error == null && confirm.isAck() && correlation.getReturned() == null) {
        channel.basicAck(deliveryTag, false);
      } else {
        failure.compareAndSet(null, "not confirmed: " + (error != null ? error : confirm));
        channel.basicNack(deliveryTag, false, true);
      }
    } catch (IOException e) {
      failure.compareAndSet(null, "cannot settle: " + e);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  @Override
  public void verify(int handled) {
    if (failure.get() != null) {
      throw new IllegalStateException("Spring AMQP pipeline: " + failure.get());
    }
  }

  /**
   * Waits for the confirms still outstanding (their acknowledgements need the consumers' channels),
   * then stops the container and the connections.
   *
   * @throws IOException if some were still outstanding after {@link
   *     HandWrittenPipeline#SETTLE_MILLIS}
   */
  @Override
  public void close() throws IOException {
    try {
      long deadline = System.currentTimeMillis() + HandWrittenPipeline.SETTLE_MILLIS;
      while (inFlight.get() > 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (container != null) {
        container.stop();
        container.destroy();
      }
      if (factory != null) {
        factory.destroy();
      }
    }
    if (inFlight.get() > 0) {
      throw new IOException("Spring AMQP pipeline: " + inFlight + " confirms outstanding");
    }
  }
}
