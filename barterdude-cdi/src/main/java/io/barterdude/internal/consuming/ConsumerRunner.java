package io.barterdude.internal.consuming;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.barterdude.Message;
import io.barterdude.internal.config.ConsumerDefinition;
import io.barterdude.internal.config.Settings;
import io.barterdude.internal.connection.Channels;
import io.barterdude.internal.container.ContainerServices;
import io.barterdude.internal.container.WorkerScope;
import io.barterdude.internal.log.BarterDudeLog;
import io.barterdude.internal.message.AmqpMessage;
import io.barterdude.internal.message.JsonCodec;
import io.barterdude.internal.processing.DeliveryProcessor;
import io.barterdude.internal.publishing.HandlerOutputs;
import io.barterdude.internal.publishing.PublishGate;
import io.barterdude.internal.settlement.AckCoalescer;
import io.barterdude.internal.settlement.Settlement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Runs one consumer: a channel subscribed to each of its queues, deliveries handed to a {@link
 * BoundedDispatcher} and processed by a {@link DeliveryProcessor}, and the messages in flight
 * (which {@link #failStuckHandlers(long)} times out). While the broker blocks publishers, a
 * consumer whose handler could not publish pauses: it starts no new message, holds the messages
 * that failed that way (unacknowledged) and handles them again once the broker unblocks.
 */
public final class ConsumerRunner implements DeliveryProcessor.Continuation {

  /** A message being handled, by which thread, since when. */
  private record Running(Thread thread, long startedNanos) {}

  private final ConsumerDefinition definition;
  private final DeliveryProcessor processor;
  private final JsonCodec codec;
  private final BoundedDispatcher dispatcher;
  private final Batcher batcher;
  private final Map<String, String> consumerTags = new ConcurrentHashMap<>();
  private final Set<String> unsubscribed = ConcurrentHashMap.newKeySet();
  private final Map<AmqpMessage, Running> inFlight = new ConcurrentHashMap<>();
  private final BiConsumer<ConsumerRunner, String> onCancelled;
  private final ContainerServices services;
  private final AtomicBoolean refused = new AtomicBoolean();
  private final AtomicBoolean paused = new AtomicBoolean();
  private final Queue<AmqpMessage> held = new ConcurrentLinkedQueue<>();
  private final PublishGate gate;
  private volatile Channel channel;
  private volatile AckCoalescer acks;
  private volatile int window = Integer.MAX_VALUE;

  public ConsumerRunner(
      ConsumerDefinition definition,
      DeliveryProcessor processor,
      JsonCodec codec,
      ContainerServices services,
      PublishGate gate,
      Supplier<WorkerScope> workerScope,
      BiConsumer<ConsumerRunner, String> onCancelled) {
    this.definition = definition;
    this.gate = gate;
    this.services = services;
    this.processor = processor;
    this.codec = codec;
    this.onCancelled = onCancelled;
    this.dispatcher =
        new BoundedDispatcher(
            definition.concurrency(),
            services.executor(),
            services::withCurrentContext,
            this::executorRefused,
            workerScope);
    this.batcher =
        definition.takesBatch()
            ? new Batcher(
                definition.batchSize(),
                definition.batchFlushMillis(),
                dispatcher,
                services.timer(),
                this::handleBatch,
                this::waitingForSettlement)
            : null;
  }

  /** The prefetch of each of this consumer's subscriptions; see {@link ConsumerDefinition}. */
  int prefetch(Settings settings) {
    return definition.prefetch(settings.prefetch());
  }

  public List<String> queues() {
    return definition.queues();
  }

  public String name() {
    return definition.name();
  }

  /** Whether the channel is open and every queue has a live subscription. */
  public boolean isSubscribed() {
    Channel current = channel;
    return current != null && current.isOpen() && unsubscribed.isEmpty();
  }

  /** The queues without a live subscription now (the broker cancelled it, or refused it). */
  List<String> unsubscribed() {
    return List.copyOf(unsubscribed);
  }

  /** How many messages this consumer is handling now. */
  public int inFlight() {
    return inFlight.size();
  }

  /** Opens a channel and subscribes to every queue of the consumer. */
  public void start(Connection connection, Settings settings) throws IOException {
    int prefetch = openChannel(connection, settings);
    for (String queue : definition.queues()) {
      subscribe(queue);
    }
    BarterDudeLog.consumerStarted(
        definition.name(), definition.queues(), definition.concurrency(), prefetch);
  }

  /**
   * Opens a new channel in place of one the broker closed, leaving every queue to subscribe again;
   * does nothing while the channel is open. The broker closes the channel when it refuses a
   * subscription, for example during a recovery, to a classic queue whose home node is down. The
   * old channel is aborted, so that the client's next recovery does not bring it back.
   */
  void reopenIfClosed(Connection connection, Settings settings) throws IOException {
    Channel old = channel;
    if (old != null && old.isOpen()) {
      return;
    }
    if (old != null) {
      Channels.abortQuietly(old);
    }
    openChannel(connection, settings);
  }

  /** Opens the channel with its prefetch and ack coalescer; every queue is left unsubscribed. */
  private int openChannel(Connection connection, Settings settings) throws IOException {
    Channel opened = connection.createChannel();
    int prefetch = prefetch(settings);
    opened.basicQos(prefetch);
    AckCoalescer coalescer =
        new AckCoalescer(
            opened,
            definition.name(),
            Math.max(1, Math.min(settings.ackBatchSize(), prefetch / 2)),
            settings.ackFlush().toMillis(),
            services.timer());
    ((Recoverable) opened).addRecoveryListener(new ResetOnRecovery(coalescer));
    acks = coalescer;
    channel = opened;
    window = prefetch * definition.queues().size();
    unsubscribed.addAll(definition.queues());
    return prefetch;
  }

  /**
   * Subscribes again to a queue without a live subscription, with the same consumer tag so that
   * connection recovery restores one subscription, not two. The queue must exist: a missing one
   * would close the channel and every other subscription of the consumer.
   */
  void resubscribe(String queue) throws IOException {
    subscribe(queue);
    BarterDudeLog.resubscribed(definition.name(), queue);
  }

  /** Stops receiving: cancels every subscription; deliveries already received are kept. */
  public void cancel() {
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
  public boolean awaitHandlers(long timeoutMillis) throws InterruptedException {
    boolean finished = dispatcher.stopAndAwait(timeoutMillis);
    if (!finished) {
      BarterDudeLog.shutdownTimedOut(definition.name(), timeoutMillis);
    }
    return finished;
  }

  /**
   * Runs a test double through this consumer's pipeline on the calling thread.
   *
   * @param message the message
   * @param settlement what accepting or rejecting the message does
   * @param outputs where the handler's publishes go, or null to the broker, each waiting for its
   *     confirm
   * @return the failure, or null
   */
  public Throwable deliver(Message message, Settlement settlement, HandlerOutputs outputs) {
    AmqpMessage delivery =
        new AmqpMessage(
            message.queue(),
            message.envelope(),
            message.properties(),
            message.body(),
            codec,
            settlement,
            false);
    return batcher == null
        ? processor.process(delivery, System.nanoTime(), this, outputs)
        : processor.processBatch(List.of(delivery), System.nanoTime(), this, outputs);
  }

  @Override
  public void later(Runnable outcome) {
    dispatcher.submitUrgent(outcome);
  }

  @Override
  public void holdUntilUnblocked(AmqpMessage message) {
    held.add(message);
    if (paused.compareAndSet(false, true)) {
      BarterDudeLog.consumerPaused(definition.name());
      dispatcher.pause();
      gate.whenOpen(this::resume);
    }
  }

  /** Handles the held messages again and takes new ones. */
  private void resume() {
    paused.set(false);
    List<AmqpMessage> again = new ArrayList<>();
    for (AmqpMessage message = held.poll(); message != null; message = held.poll()) {
      again.add(message);
    }
    BarterDudeLog.consumerResumed(definition.name(), again.size());
    for (AmqpMessage message : again) {
      if (batcher != null) {
        batcher.add(message);
      } else {
        dispatcher.submitUrgent(() -> handle(message));
      }
    }
    dispatcher.resume();
  }

  /**
   * Whether no more deliveries can arrive until some are settled: every subscription's prefetch
   * window may be full.
   */
  private boolean waitingForSettlement() {
    AckCoalescer current = acks;
    return current != null && current.unsettled() >= window;
  }

  /**
   * The container refused a worker: it is shutting down (Open Liberty stops its managed executor
   * when it starts to quiesce, before the application's stop). Stop receiving at once, and say so
   * once; refused messages stay unacknowledged and return to the queue.
   */
  private void executorRefused(RuntimeException error) {
    if (refused.compareAndSet(false, true)) {
      BarterDudeLog.taskRejected(definition.name(), error);
      cancel();
    }
  }

  /** Sends the acks still waiting to be coalesced. */
  public void flushAcks() {
    AckCoalescer current = acks;
    if (current != null) {
      current.flush();
    }
  }

  /** Fails every message handled for longer than the timeout and interrupts its handler. */
  public void failStuckHandlers(long timeoutMillis) {
    long now = System.nanoTime();
    inFlight.forEach(
        (message, running) -> {
          boolean late = now - running.startedNanos() > timeoutMillis * 1_000_000;
          if (late && processor.timeOut(message, running.startedNanos(), timeoutMillis)) {
            running.thread().interrupt();
          }
        });
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
            consumerArguments(),
            new Subscription(current, acks, queue));
    consumerTags.put(queue, tag);
    unsubscribed.remove(queue);
  }

  /** {@code x-priority} when the consumer has a priority, else none. */
  private Map<String, Object> consumerArguments() {
    return definition.priority() == 0 ? null : Map.of("x-priority", definition.priority());
  }

  private void handle(AmqpMessage message) {
    long started = System.nanoTime();
    inFlight.put(message, new Running(Thread.currentThread(), started));
    try {
      processor.process(message, started, this);
    } finally {
      inFlight.remove(message);
      Thread.interrupted();
    }
  }

  /** Forgets the acks of deliveries made before the channel was recovered. */
  private record ResetOnRecovery(AckCoalescer coalescer) implements RecoveryListener {
    @Override
    public void handleRecovery(Recoverable recoverable) {
      coalescer.reset();
    }

    @Override
    public void handleRecoveryStarted(Recoverable recoverable) {
      // the old deliveries are reset once the channel is back
    }
  }

  private void handleBatch(List<AmqpMessage> batch) {
    long started = System.nanoTime();
    Running running = new Running(Thread.currentThread(), started);
    batch.forEach(message -> inFlight.put(message, running));
    try {
      processor.processBatch(batch, started, this);
    } finally {
      batch.forEach(inFlight::remove);
      Thread.interrupted();
    }
  }

  /** Receives the deliveries of one queue on the client's thread and queues them for handling. */
  private final class Subscription extends DefaultConsumer {
    private final AckCoalescer coalescer;
    private final String queue;

    Subscription(Channel channel, AckCoalescer coalescer, String queue) {
      super(channel);
      this.coalescer = coalescer;
      this.queue = queue;
    }

    @Override
    public void handleDelivery(
        String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      coalescer.delivered(envelope.getDeliveryTag());
      Settlement settlement = coalescer.settlement(envelope.getDeliveryTag());
      AmqpMessage message =
          new AmqpMessage(queue, envelope, properties, body, codec, settlement, true);
      if (batcher != null) {
        batcher.add(message);
      } else {
        dispatcher.submit(() -> handle(message));
      }
    }

    @Override
    public void handleCancel(String consumerTag) {
      unsubscribed.add(queue);
      BarterDudeLog.consumerCancelled(definition.name(), queue);
      onCancelled.accept(ConsumerRunner.this, queue);
    }
  }
}
