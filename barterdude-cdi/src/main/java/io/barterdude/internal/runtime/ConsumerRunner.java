package io.barterdude.internal.runtime;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.barterdude.internal.extension.ConsumerDefinition;
import io.barterdude.internal.log.Log;
import io.barterdude.validation.MessageValidation;
import io.barterdude.validation.ValidationException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Runs one consumer: a channel subscribed to each of its queues, deliveries handed to a {@link
 * BoundedDispatcher}, and the outcome rules (ack after success, reject on failure).
 */
final class ConsumerRunner {

  private final ConsumerDefinition definition;
  private final ConsumerInvoker invoker;
  private final Monitor monitor;
  private final JsonCodec codec;
  private final BoundedDispatcher dispatcher;
  private final Map<String, String> consumerTags = new ConcurrentHashMap<>();
  private final Set<String> cancelledByBroker = ConcurrentHashMap.newKeySet();
  private final BiConsumer<ConsumerRunner, String> onCancelled;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile Channel channel;

  ConsumerRunner(
      ConsumerDefinition definition,
      ConsumerInvoker invoker,
      Monitor monitor,
      JsonCodec codec,
      ContainerServices services,
      BiConsumer<ConsumerRunner, String> onCancelled) {
    this.definition = definition;
    this.onCancelled = onCancelled;
    this.invoker = invoker;
    this.monitor = monitor;
    this.codec = codec;
    this.dispatcher =
        new BoundedDispatcher(
            definition.concurrency(),
            services.executor(),
            services::withCurrentContext,
            error -> Log.taskRejected(definition.name(), error));
  }

  List<String> queues() {
    return definition.queues();
  }

  String name() {
    return definition.name();
  }

  /** Whether the channel is open and every queue has a live subscription. */
  boolean isSubscribed() {
    Channel current = channel;
    return current != null && current.isOpen() && cancelledByBroker.isEmpty();
  }

  /** How many messages this consumer is handling now. */
  int inFlight() {
    return inFlight.get();
  }

  /** Opens a channel and subscribes to every queue of the consumer. */
  void start(Connection connection, int prefetch) throws IOException {
    Channel opened = connection.createChannel();
    opened.basicQos(prefetch);
    channel = opened;
    for (String queue : definition.queues()) {
      subscribe(queue);
    }
    Log.consumerStarted(definition.name(), definition.queues(), definition.concurrency());
  }

  /**
   * Subscribes again to a queue whose subscription the broker cancelled, with the same consumer tag
   * so that connection recovery restores one subscription, not two. The queue must exist: a missing
   * one would close the channel and every other subscription of the consumer.
   */
  void resubscribe(String queue) throws IOException {
    subscribe(queue);
    Log.resubscribed(definition.name(), queue);
  }

  private void subscribe(String queue) throws IOException {
    Channel current = channel;
    String tag =
        current.basicConsume(
            queue,
            false,
            consumerTags.getOrDefault(queue, ""),
            false,
            false,
            null,
            new Subscription(current, queue));
    consumerTags.put(queue, tag);
    cancelledByBroker.remove(queue);
  }

  /** Stops receiving: cancels every subscription; deliveries already received are kept. */
  void cancel() {
    Channel current = channel;
    if (current == null) {
      return;
    }
    for (String tag : consumerTags.values()) {
      try {
        current.basicCancel(tag);
      } catch (IOException | ShutdownSignalException e) {
        // the channel is gone: nothing more arrives on it anyway
      }
    }
  }

  /**
   * Waits for running handlers; deliveries not yet started stay unacknowledged and return to their
   * queue when the connection closes.
   *
   * @return true if every running handler finished in time
   */
  boolean awaitHandlers(long timeoutMillis) throws InterruptedException {
    boolean finished = dispatcher.stopAndAwait(timeoutMillis);
    if (!finished) {
      Log.shutdownTimedOut(definition.name(), timeoutMillis);
    }
    return finished;
  }

  private void handle(AmqpMessage message) {
    inFlight.incrementAndGet();
    try {
      process(message);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void process(AmqpMessage message) {
    monitor.beforeConsume(message);
    long started = System.nanoTime();
    ValidationException invalid = validate(message);
    Throwable failure = invalid != null ? invalid : invokeHandler(message);
    Duration duration = Duration.ofNanos(System.nanoTime() - started);
    if (failure == null) {
      message.accept();
      monitor.onSuccess(message, duration);
    } else {
      if (invalid != null) {
        rejectInvalid(message, invalid);
      } else {
        reject(message, failure);
      }
      monitor.onFail(message, failure, duration);
    }
  }

  /** Validates against the consumer's schema, if any; returns the violations, or null. */
  private ValidationException validate(AmqpMessage message) {
    MessageValidation validation = definition.validation();
    if (validation == null) {
      return null;
    }
    try {
      message.useParsedJson(validation.validate(message.body()));
      return null;
    } catch (ValidationException e) {
      return e;
    }
  }

  private void rejectInvalid(AmqpMessage message, ValidationException invalid) {
    boolean requeue = definition.requeueOnValidationFail();
    Log.messageInvalid(
        definition.name(),
        message.queue(),
        message.envelope().getDeliveryTag(),
        requeue,
        invalid.getMessage());
    message.reject(requeue);
  }

  /** Runs the handler; returns what it threw, or null. */
  private Throwable invokeHandler(AmqpMessage message) {
    try {
      invoker.invoke(message);
      return null;
    } catch (Throwable error) {
      return error;
    }
  }

  private void reject(AmqpMessage message, Throwable failure) {
    boolean requeue = definition.requeueOnFail();
    if (!message.isSettled()) {
      Log.handlerFailed(
          definition.name(),
          message.queue(),
          message.envelope().getDeliveryTag(),
          requeue,
          failure);
    }
    message.reject(requeue);
  }

  /** Receives the deliveries of one queue on the client's thread and queues them for handling. */
  private final class Subscription extends DefaultConsumer {
    private final String queue;

    Subscription(Channel channel, String queue) {
      super(channel);
      this.queue = queue;
    }

    @Override
    public void handleDelivery(
        String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      Settlement settlement =
          new ChannelSettlement(getChannel(), envelope.getDeliveryTag(), definition.name());
      AmqpMessage message = new AmqpMessage(queue, envelope, properties, body, codec, settlement);
      dispatcher.submit(() -> handle(message));
    }

    @Override
    public void handleCancel(String consumerTag) {
      cancelledByBroker.add(queue);
      Log.consumerCancelled(definition.name(), queue);
      onCancelled.accept(ConsumerRunner.this, queue);
    }
  }
}
