package io.barterdude.internal.runtime;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import io.barterdude.BarterDude;
import io.barterdude.Topology;
import io.barterdude.internal.config.Settings;
import io.barterdude.internal.extension.ApplicationBeans;
import io.barterdude.internal.extension.BarterDudeExtension;
import io.barterdude.internal.extension.ConsumerDefinition;
import io.barterdude.internal.log.Log;
import io.barterdude.testing.MessageDouble;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

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

  private final JsonCodec codec = new JsonCodec();
  private Settings settings;
  private ContainerServices services;
  private volatile List<ConsumerRunner> runners = List.of();
  private volatile BrokerConnection broker;
  private volatile Publisher publisher;
  private volatile Hooks hooks;
  private Resubscriber resubscriber;
  private ScheduledFuture<?> timeoutWatch;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    settings = extension.settings();
    services = ContainerServices.lookup();
    hooks = new Hooks(applicationBeans());
    broker = new BrokerConnection(settings, services, new Setup(), hooks::onConnectionFail);
    publisher =
        new Publisher(
            broker::connection,
            settings.publishConfirmTimeout().toMillis(),
            settings.publishMandatory());
    resubscriber = new Resubscriber(services, settings, broker::connection, this::topologies);
    runners =
        extension.consumers().stream()
            .filter(ConsumerDefinition::enabled)
            .map(this::runner)
            .toList();
    watchHandlerTimeouts();
    if (settings.connect()) {
      broker.open();
    }
  }

  void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
    if (broker == null) {
      return;
    }
    resubscriber.stop();
    if (timeoutWatch != null) {
      timeoutWatch.cancel(false);
    }
    runners.forEach(ConsumerRunner::cancel);
    awaitHandlers();
    runners.forEach(ConsumerRunner::flushAcks);
    broker.close();
    services.close();
    codec.close();
    Log.stopped();
  }

  /** Publishes bodies with confirms; see {@link io.barterdude.BarterDude#publish}. */
  void publish(
      String exchange, String routingKey, AMQP.BasicProperties properties, List<byte[]> bodies) {
    publisher.publish(exchange, routingKey, properties, bodies);
  }

  JsonCodec codec() {
    return codec;
  }

  /**
   * The settings validated at deployment.
   *
   * @return the settings
   */
  public Settings settings() {
    return extension.settings();
  }

  /**
   * Whether the broker connection is open now.
   *
   * @return true when connected
   */
  public boolean isConnected() {
    return broker != null && broker.isOpen();
  }

  /**
   * Failed connection attempts since the connection was last established; 0 while connected.
   *
   * @return the count
   */
  public int consecutiveConnectionFailures() {
    return broker == null ? 0 : broker.consecutiveFailures();
  }

  /**
   * Each consumer's name and whether all its subscriptions are live.
   *
   * @return consumer name to subscribed, in discovery order
   */
  public Map<String, Boolean> subscriptions() {
    Map<String, Boolean> states = new LinkedHashMap<>();
    runners.forEach(runner -> states.put(runner.name(), runner.isSubscribed()));
    return states;
  }

  /**
   * Each consumer's name and how many messages it handles now.
   *
   * @return consumer name to in-flight count supplier
   */
  public Map<String, IntSupplier> inFlight() {
    Map<String, IntSupplier> counts = new LinkedHashMap<>();
    runners.forEach(runner -> counts.put(runner.name(), runner::inFlight));
    return counts;
  }

  /**
   * Runs a message through a consumer's pipeline (validation, hooks, handler, outcome rules) on the
   * calling thread, without the broker: settling the message records the call on {@code message}.
   *
   * @param consumer the consumer's name, {@code fully.qualified.Class.method} or {@code
   *     SimpleClass.method}
   * @param message the message
   * @param publisher where the handler's publishes on this thread go, or null for the broker
   * @return the failure, or null
   * @throws IllegalArgumentException if no consumer has that name
   */
  public Throwable deliver(String consumer, MessageDouble message, BarterDude publisher) {
    ConsumerRunner runner =
        runners.stream()
            .filter(
                r ->
                    r.name().equals(consumer)
                        || r.name().matches(".*[.$]" + Pattern.quote(consumer)))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no consumer named '"
                            + consumer
                            + "'; consumers: "
                            + subscriptions().keySet()));
    Settlement settlement = recorder(message);
    return publisher == null
        ? runner.deliver(message, settlement)
        : PublishRedirect.during(publisher, () -> runner.deliver(message, settlement));
  }

  private static Settlement recorder(MessageDouble message) {
    return new Settlement() {
      @Override
      public void ack() {
        message.accept();
      }

      @Override
      public void reject(boolean requeue) {
        message.reject(requeue);
      }
    };
  }

  /**
   * How many times a hook or event observer threw.
   *
   * @return the count
   */
  public long hookErrors() {
    return hooks == null ? 0 : hooks.errors().count();
  }

  /**
   * Runs the listener each time a hook or event observer throws, from now on.
   *
   * @param listener what to run, quickly and without throwing
   */
  public void onHookError(Runnable listener) {
    if (hooks != null) {
      hooks.errors().listen(listener);
    }
  }

  /**
   * The bean manager that sees the application's own beans; see {@link ApplicationBeans}.
   *
   * @return the application's bean manager
   */
  public BeanManager applicationBeans() {
    return ApplicationBeans.of(beanManager);
  }

  private ConsumerRunner runner(ConsumerDefinition definition) {
    Retries retries = new Retries(definition.name(), settings, publisher, services.scheduler());
    ConsumerInvoker invoker = new ConsumerInvoker(beanManager, definition);
    DeliveryProcessor processor =
        new DeliveryProcessor(definition, invoker, hooks.monitor(definition), retries, codec);
    return new ConsumerRunner(
        definition, processor, codec, services, invoker::workerScope, this::consumerCancelled);
  }

  /**
   * Tells the observers that the broker cancelled a subscription (off the client's thread) and
   * brings the subscription back.
   */
  private void consumerCancelled(ConsumerRunner runner, String queue) {
    try {
      services.scheduler().execute(() -> hooks.onConsumerCancelled(runner.name(), queue));
    } catch (RejectedExecutionException stopping) {
      return; // the application is stopping: no event, no resubscription
    }
    resubscriber.schedule(runner, queue);
  }

  /** Checks for stuck handlers as often as the timeout needs, at most once a second. */
  private void watchHandlerTimeouts() {
    long timeout = settings.handlerTimeout().toMillis();
    if (timeout > 0) {
      long period = Math.max(10, Math.min(1000, timeout / 4));
      timeoutWatch =
          services
              .scheduler()
              .scheduleWithFixedDelay(
                  () -> runners.forEach(runner -> runner.failStuckHandlers(timeout)),
                  period,
                  period,
                  TimeUnit.MILLISECONDS);
    }
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

  /** The topology from config, then every {@link Topology} bean of the application. */
  private List<Topology> topologies() {
    List<Topology> all = new ArrayList<>();
    all.add(extension.configuredTopology());
    applicationBeans()
        .createInstance()
        .select(Topology.class, Any.Literal.INSTANCE)
        .forEach(all::add);
    return all;
  }

  /** Declares the topology and subscribes the consumers on a new connection. */
  private final class Setup implements BrokerConnection.ConnectionSetup {
    @Override
    public void declare(Connection connection) throws IOException {
      List<String> queues =
          settings.declareQueues()
              ? runners.stream().flatMap(runner -> runner.queues().stream()).toList()
              : List.of();
      new TopologyDeclarer(connection).declare(topologies(), queues);
    }

    @Override
    public void start(Connection connection) throws IOException {
      for (ConsumerRunner runner : runners) {
        runner.start(connection, settings);
      }
    }
  }
}
