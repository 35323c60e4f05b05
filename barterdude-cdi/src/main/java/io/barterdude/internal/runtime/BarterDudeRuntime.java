package io.barterdude.internal.runtime;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.impl.CredentialsProvider;
import io.barterdude.BarterDude;
import io.barterdude.PublishException;
import io.barterdude.Topology;
import io.barterdude.internal.config.ConsumerDefinition;
import io.barterdude.internal.config.Deployment;
import io.barterdude.internal.config.Settings;
import io.barterdude.internal.connection.BrokerConnection;
import io.barterdude.internal.connection.BrokerConnections;
import io.barterdude.internal.connection.Channels;
import io.barterdude.internal.connection.QueueDepths;
import io.barterdude.internal.connection.TopologyDeclarer;
import io.barterdude.internal.consuming.ConsumerRunner;
import io.barterdude.internal.consuming.Consumers;
import io.barterdude.internal.consuming.Resubscriber;
import io.barterdude.internal.container.ApplicationBeans;
import io.barterdude.internal.container.ContainerServices;
import io.barterdude.internal.failure.DeadLetterReplay;
import io.barterdude.internal.failure.FailurePolicy;
import io.barterdude.internal.failure.FailureTopology;
import io.barterdude.internal.failure.Retries;
import io.barterdude.internal.log.BarterDudeLog;
import io.barterdude.internal.message.JsonCodec;
import io.barterdude.internal.processing.ConsumerInvoker;
import io.barterdude.internal.processing.DeliveryProcessor;
import io.barterdude.internal.processing.HookChain;
import io.barterdude.internal.publishing.HandlerOutputs;
import io.barterdude.internal.publishing.Outgoing;
import io.barterdude.internal.publishing.PublishGate;
import io.barterdude.internal.publishing.PublishListener;
import io.barterdude.internal.publishing.Publisher;
import io.barterdude.internal.trace.MessageSpan;
import io.barterdude.internal.trace.Tracing;
import io.barterdude.logging.JsonLogging;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts BarterDude when the application starts (connect, declare, subscribe) and stops it when the
 * application stops: subscriptions are cancelled first, running handlers and the confirms of what
 * they published get {@code barterdude.shutdown-timeout-ms} in all, then the connections close and
 * every message not yet acknowledged returns to its queue. Every broker call on the way is bounded
 * by that budget: a broker that stops answering cannot hang the stop.
 */
@ApplicationScoped
public class BarterDudeRuntime {

  @Inject Deployment deployment;
  @Inject BeanManager beanManager;

  private final JsonCodec codec = new JsonCodec();
  private Settings settings;
  private ContainerServices services;
  private final PublishGate gate = new PublishGate();
  private volatile Consumers consumers = new Consumers(List.of());
  private volatile BrokerConnections connections;
  private volatile Publisher publisher;
  private volatile HookChain hooks;
  private volatile Tracing tracing;
  private Resubscriber resubscriber;
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();
  private final FailureTopology failureTopology = new FailureTopology();
  private QueueDepths queueDepths;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    settings = deployment.settings();
    services = ContainerServices.lookup();
    hooks = new HookChain(applicationBeans());
    tracing = Tracing.find(applicationBeans());
    connections =
        new BrokerConnections(
            settings, services, credentialsProvider(), new Setup(), gate, hooks::onConnectionFail);
    publisher =
        new Publisher(
            connections::publishing,
            gate,
            settings.publishConfirmTimeout().toMillis(),
            settings.publishBlockedTimeout().toMillis(),
            settings.publishMandatory());
    resubscriber =
        new Resubscriber(
            services, settings, connections::consuming, this::topologies, failureTopology);
    consumers =
        new Consumers(
            deployment.consumers().stream()
                .filter(ConsumerDefinition::enabled)
                .map(this::runner)
                .toList());
    watchHandlerTimeouts();
    watchConfirms();
    beanManager.getEvent().select(Started.class).fire(new Started());
    if (settings.connect()) {
      connections.open();
    }
  }

  /**
   * Fired once BarterDude's consumers, publisher and hooks exist, before it connects, so that
   * listeners ({@link #onPublish}, {@link #onHookError}) hear of the first message.
   */
  public record Started() {}

  /** The application's {@link CredentialsProvider} bean, if it has one. */
  private Optional<CredentialsProvider> credentialsProvider() {
    Instance<CredentialsProvider> beans =
        applicationBeans().createInstance().select(CredentialsProvider.class);
    return beans.isResolvable() ? Optional.of(beans.get()) : Optional.empty();
  }

  void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
    try {
      stopConsuming();
    } finally {
      JsonLogging.uninstall();
    }
  }

  private void stopConsuming() {
    if (connections == null) {
      return;
    }
    long deadline = System.currentTimeMillis() + settings.shutdownTimeout().toMillis();
    resubscriber.stop();
    timers.forEach(timer -> timer.cancel(false));
    if (!cancelSubscriptions(deadline)) {
      BarterDudeLog.brokerNotAnswering(settings.shutdownTimeout().toMillis());
      connections.abortConsuming();
    }
    consumers.awaitHandlers(deadline);
    publisher.awaitAnswered(deadline);
    consumers.awaitHandlers(deadline);
    consumers.all().forEach(ConsumerRunner::flushAcks);
    connections.close(deadline);
    services.close();
    codec.close();
    BarterDudeLog.stopped();
  }

  /**
   * Cancels every subscription off the caller's thread, waiting for the broker until the deadline.
   *
   * @return false if the broker did not answer in time
   */
  private boolean cancelSubscriptions(long deadline) {
    Runnable cancelAll = () -> consumers.all().forEach(ConsumerRunner::cancel);
    Future<?> cancelled;
    try {
      cancelled = services.scheduler().submit(cancelAll);
    } catch (RejectedExecutionException stopping) {
      cancelAll.run();
      return true;
    }
    try {
      cancelled.get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Publishes with confirms: inside a handler through its outputs (to the broker without waiting,
   * the handler's message waits for the confirms), elsewhere waiting; see {@link
   * io.barterdude.BarterDude#publish}.
   */
  void publish(Outgoing outgoing) {
    Tracing current = tracing;
    if (current == null || outgoing.bodies().isEmpty()) {
      send(outgoing);
      return;
    }
    MessageSpan span =
        current.startPublish(
            outgoing.exchange(),
            outgoing.routingKey(),
            outgoing.properties(),
            outgoing.bodies().size());
    try {
      send(outgoing.withProperties(span.inject(outgoing.properties())));
      span.end(null);
    } catch (RuntimeException e) {
      span.end(e);
      throw e;
    }
  }

  private void send(Outgoing outgoing) {
    HandlerOutputs outputs = HandlerOutputs.current();
    if (outputs != null) {
      outputs.publish(outgoing);
    } else if (!outgoing.bodies().isEmpty()) {
      publisher.publish(
          outgoing.exchange(), outgoing.routingKey(), outgoing.properties(), outgoing.bodies());
    }
  }

  /** Moves a queue's dead letters back to it; see {@link io.barterdude.DeadLetters}. */
  long replayDeadLetters(String queue) {
    Connection connection = connections == null ? null : connections.consuming();
    if (connection == null || !connection.isOpen()) {
      throw Publisher.failure(
          "", queue, PublishException.Reason.NOT_CONNECTED, "not connected to RabbitMQ", null);
    }
    try {
      return new DeadLetterReplay(
              connection, publisher, settings.publishConfirmTimeout().toMillis())
          .replay(queue);
    } catch (IOException e) {
      if (Channels.isNotFound(e)) {
        throw new IllegalArgumentException(
            "no dead-letter queue " + FailurePolicy.deadLetterQueue(queue), e);
      }
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the confirms of what the running handler published; see {@link BarterDude}. */
  void waitForConfirms() {
    HandlerOutputs outputs = HandlerOutputs.current();
    if (outputs != null) {
      outputs.awaitConfirmed();
    }
  }

  /**
   * Why the broker blocks this application's publishers now (a memory or disk alarm), if it does.
   *
   * @return the broker's reason, or empty while publishing is allowed
   */
  public Optional<String> publishersBlocked() {
    return Optional.ofNullable(gate.blockedReason());
  }

  /**
   * The codec of message bodies, closed when BarterDude stops.
   *
   * @return the codec
   */
  public JsonCodec codec() {
    return codec;
  }

  /**
   * The settings validated at deployment.
   *
   * @return the settings
   */
  public Settings settings() {
    return deployment.settings();
  }

  /**
   * Whether both broker connections are open now.
   *
   * @return true when connected
   */
  public boolean isConnected() {
    return connections != null && connections.isOpen();
  }

  /**
   * The node each connection is connected to now; see {@link BrokerConnections#nodes()}.
   *
   * @return connection role to node address ({@code none} while down)
   */
  public Map<String, String> connectedNodes() {
    return connections == null ? BrokerConnections.noNodes() : connections.nodes();
  }

  /**
   * Failed connection attempts since the connections were last established; 0 while connected.
   *
   * @return the count
   */
  public int consecutiveConnectionFailures() {
    return connections == null ? 0 : connections.consecutiveFailures();
  }

  /**
   * The application's consumers (none before BarterDude has {@link Started}).
   *
   * @return the consumers
   */
  public Consumers consumers() {
    return consumers;
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
   * Tells the listener, besides any others, how every publish ends (confirmed, or failed and why),
   * from now on; call it once BarterDude has {@link Started}.
   *
   * @param listener what to tell, quickly and without throwing
   */
  public void onPublish(PublishListener listener) {
    publisher.listen(listener);
  }

  /**
   * Starts sampling the depth of every consumed queue every {@code
   * barterdude.metrics.queue-depth-interval-ms}, off the delivery path.
   *
   * @return the samples, updated by the timer (zeros until the first sample; never sampled when the
   *     interval is 0)
   */
  public synchronized QueueDepths sampleQueueDepths() {
    if (queueDepths == null) {
      queueDepths = new QueueDepths(connections::consuming, consumers.queues());
      long period = settings.queueDepthInterval().toMillis();
      if (period > 0) {
        timers.add(
            services
                .scheduler()
                .scheduleWithFixedDelay(queueDepths::sample, 0, period, TimeUnit.MILLISECONDS));
      }
    }
    return queueDepths;
  }

  /**
   * Runs the listener, besides any others, each time a hook or event observer throws, from now on;
   * call it once BarterDude has {@link Started}.
   *
   * @param listener what to run, quickly and without throwing
   */
  public void onHookError(Runnable listener) {
    hooks.errors().listen(listener);
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
    FailurePolicy policy = FailurePolicy.of(definition, settings);
    definition.queues().forEach(queue -> failureTopology.register(queue, policy));
    Retries retries = new Retries(definition.name(), policy, publisher);
    ConsumerInvoker invoker = new ConsumerInvoker(beanManager, definition);
    DeliveryProcessor processor =
        new DeliveryProcessor(
            definition,
            invoker,
            hooks.monitor(definition),
            retries,
            publisher,
            codec,
            settings.publishConfirmTimeout().toMillis(),
            tracing);
    return new ConsumerRunner(
        definition,
        processor,
        codec,
        services,
        gate,
        invoker::workerScope,
        this::consumerCancelled);
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
    resubscriber.schedule(runner);
  }

  /** Checks for stuck handlers as often as the timeout needs, at most once a second. */
  private void watchHandlerTimeouts() {
    long timeout = settings.handlerTimeout().toMillis();
    if (timeout > 0) {
      long period = Math.max(10, Math.min(1000, timeout / 4));
      timers.add(
          services
              .scheduler()
              .scheduleWithFixedDelay(
                  () -> consumers.all().forEach(runner -> runner.failStuckHandlers(timeout)),
                  period,
                  period,
                  TimeUnit.MILLISECONDS));
    }
  }

  /** Fails the publishes not confirmed in time, checking a few times per timeout. */
  private void watchConfirms() {
    long period = Math.max(10, Math.min(1000, settings.publishConfirmTimeout().toMillis() / 4));
    timers.add(
        services
            .scheduler()
            .scheduleWithFixedDelay(
                publisher::expireUnconfirmed, period, period, TimeUnit.MILLISECONDS));
  }

  /** The topology from config, then every {@link Topology} bean of the application. */
  private List<Topology> topologies() {
    List<Topology> all = new ArrayList<>();
    all.add(deployment.configuredTopology());
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
      List<String> queues = settings.declareQueues() ? consumers.queues() : List.of();
      failureTopology.declareAll(connection, settings.declareQueues());
      new TopologyDeclarer(connection).declare(topologies(), queues);
    }

    @Override
    public void start(Connection connection) throws IOException {
      consumers.start(connection, settings);
    }

    /** Brings back the subscriptions the broker refused while the client recovered them. */
    @Override
    public void recovered() {
      consumers.all().stream()
          .filter(runner -> !runner.isSubscribed())
          .forEach(resubscriber::schedule);
    }
  }
}
