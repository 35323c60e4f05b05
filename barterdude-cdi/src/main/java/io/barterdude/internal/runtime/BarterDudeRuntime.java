package io.barterdude.internal.runtime;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import io.barterdude.Topology;
import io.barterdude.internal.config.Settings;
import io.barterdude.internal.extension.BarterDudeExtension;
import io.barterdude.internal.extension.ConsumerDefinition;
import io.barterdude.internal.log.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;

/**
 * Starts BarterDude when the application starts (connect, declare, subscribe) and stops it when the
 * application stops: subscriptions are cancelled first, running handlers get {@code
 * barterdude.shutdown-timeout-ms} to finish, then the connection closes and every message not yet
 * acknowledged returns to its queue.
 */
@ApplicationScoped
public class BarterDudeRuntime {

  @Inject BarterDudeExtension extension;
  @Inject BeanManager beanManager;
  @Inject @Any Instance<Topology> topologies;

  private final JsonCodec codec = new JsonCodec();
  private Settings settings;
  private ContainerServices services;
  private List<ConsumerRunner> runners = List.of();
  private BrokerConnection broker;
  private Publisher publisher;
  private Hooks hooks;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    settings = extension.settings();
    services = ContainerServices.lookup();
    hooks = new Hooks(beanManager);
    runners = extension.consumers().stream().map(this::runner).toList();
    broker = new BrokerConnection(settings, services, new Setup(), hooks::onConnectionFail);
    publisher = new Publisher(broker::connection, settings.publishConfirmTimeout().toMillis());
    broker.open();
  }

  void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
    if (broker == null) {
      return;
    }
    runners.forEach(ConsumerRunner::cancel);
    awaitHandlers();
    broker.close();
    services.close();
    codec.close();
    Log.stopped();
  }

  /** Publishes bytes with confirms; see {@link io.barterdude.BarterDude#publish}. */
  void publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
    publisher.publish(exchange, routingKey, properties, body);
  }

  JsonCodec codec() {
    return codec;
  }

  private ConsumerRunner runner(ConsumerDefinition definition) {
    return new ConsumerRunner(
        definition,
        new ConsumerInvoker(beanManager, definition),
        hooks.monitor(definition),
        codec,
        services);
  }

  private void awaitHandlers() {
    long deadline = System.currentTimeMillis() + settings.shutdownTimeout().toMillis();
    try {
      for (ConsumerRunner runner : runners) {
        runner.awaitHandlers(Math.max(1, deadline - System.currentTimeMillis()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Declares the topology and subscribes the consumers on a new connection. */
  private final class Setup implements BrokerConnection.ConnectionSetup {
    @Override
    public void declare(Connection connection) throws IOException {
      List<String> queues =
          settings.declareQueues()
              ? runners.stream().flatMap(runner -> runner.queues().stream()).toList()
              : List.of();
      new TopologyDeclarer(connection).declare(topologies, queues);
    }

    @Override
    public void start(Connection connection) throws IOException {
      for (ConsumerRunner runner : runners) {
        runner.start(connection, settings.prefetch());
      }
    }
  }
}
