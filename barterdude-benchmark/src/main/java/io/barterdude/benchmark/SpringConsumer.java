package io.barterdude.benchmark;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * Spring AMQP's {@link SimpleMessageListenerContainer} at its defaults (acknowledge after each
 * message), with as many consumers as the others have workers and the same total unacknowledged
 * window: each of the {@code concurrency} consumers has its own channel and prefetch.
 */
final class SpringConsumer implements Contestant {

  static {
    Logger.getLogger("org.springframework").setLevel(Level.WARNING);
  }

  private final int consumers;
  private final int prefetchEach;
  private CachingConnectionFactory factory;
  private SimpleMessageListenerContainer container;

  SpringConsumer(int consumers, int prefetchEach) {
    this.consumers = consumers;
    this.prefetchEach = prefetchEach;
  }

  @Override
  public void start(String queue) {
    factory = new CachingConnectionFactory(Broker.factory());
    container = new SimpleMessageListenerContainer(factory);
    container.setQueueNames(queue);
    container.setConcurrentConsumers(consumers);
    container.setPrefetchCount(prefetchEach);
    container.setAcknowledgeMode(AcknowledgeMode.AUTO);
    container.setMessageListener(
        (MessageListener)
            message -> {
              Sink sink = Sink.current();
              sink.awaitGate();
              sink.handled(
                  JsonBodies.parse(message.getBody()), message.getMessageProperties().getHeaders());
            });
    container.afterPropertiesSet();
    container.start();
  }

  @Override
  public void close() {
    if (container != null) {
      container.stop();
      container.destroy();
    }
    if (factory != null) {
      factory.destroy();
    }
  }
}
