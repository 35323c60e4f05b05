package io.barterdude.internal.metrics;

import io.barterdude.Message;
import io.barterdude.PublishException.Reason;
import io.barterdude.hooks.Metrics;
import io.barterdude.internal.connection.QueueDepths;
import io.barterdude.internal.publishing.PublishListener;
import io.barterdude.internal.runtime.BarterDudeRuntime;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/** The {@link Metrics} hook: registers every series when the runtime has started, then counts. */
@ApplicationScoped
@Priority(300)
public class MetricsHook implements Metrics {

  private static final String RECEIVED = "barterdude_received_number_before_consume_messages";
  private static final String PROCESSING = "barterdude_processing_message";
  private static final String CONNECTION_FAIL = "barterdude_connection_fail_errors";
  private static final String PUBLISH_CONFIRM = "barterdude_publish_confirm";

  @Inject Instance<MetricRegistry> registries;
  @Inject BarterDudeRuntime runtime;

  private MetricRegistry registry;
  private Map<String, String> labels;
  private Counter received;
  private Counter connectionFails;
  private Timer succeeded;
  private final Map<Class<?>, Timer> failed = new ConcurrentHashMap<>();

  /**
   * Registers every metric once BarterDude's runtime has started (the in-flight gauges read its
   * consumers), before the first message.
   */
  void register(@Observes BarterDudeRuntime.Started started) {
    if (registry != null || !registries.isResolvable()) {
      return;
    }
    registry = registries.get();
    labels = SharedLabels.of(registry, RECEIVED, runtime.settings().metricsLabels());
    registerSeedSeries();
    registerRuntimeSeries();
    registerPublishing();
    registerQueueDepths();
  }

  /** The Python BarterDude's series. */
  private void registerSeedSeries() {
    received =
        registry.counter(
            metadata(RECEIVED, "Messages that worker received from queue(s)"), tags(Map.of()));
    connectionFails =
        registry.counter(
            metadata(CONNECTION_FAIL, "Number of times failed to connect to the AMQP broker"),
            tags(Map.of()));
    succeeded = timer("success", "");
  }

  /** In-flight messages per consumer, blocked publishers and hook errors, read from the runtime. */
  private void registerRuntimeSeries() {
    runtime
        .consumers()
        .inFlight()
        .forEach(
            (consumer, count) ->
                registry.gauge(
                    metadata("barterdude_messages_in_flight", "Messages being handled"),
                    count,
                    supplier -> supplier.getAsInt(),
                    tags(Map.of("consumer", consumer))));
    registry.gauge(
        metadata(
            "barterdude_publishers_blocked",
            "1 while the broker blocks the application's publishers (memory or disk alarm)"),
        runtime,
        current -> current.publishersBlocked().isPresent() ? 1 : 0,
        tags(Map.of()));
    Counter hookErrors =
        registry.counter(
            metadata("barterdude_hook_errors", "Hooks and event observers that threw"),
            tags(Map.of()));
    runtime.onHookError(hookErrors::inc);
  }

  /** Published messages, failures by reason and confirm latency, told by the publisher. */
  private void registerPublishing() {
    Counter published =
        registry.counter(
            metadata(
                "barterdude_published_messages", "Messages published, confirmed by the broker"),
            tags(Map.of()));
    Map<Reason, Counter> failures = new EnumMap<>(Reason.class);
    for (Reason reason : Reason.values()) {
      failures.put(
          reason,
          registry.counter(
              metadata("barterdude_publish_failures", "Messages not published, by reason"),
              tags(Map.of("reason", reason.name()))));
    }
    Timer confirms =
        registry.timer(
            Metadata.builder()
                .withName(PUBLISH_CONFIRM)
                .withDescription("Time from a send to the broker's confirm of all its messages")
                .withUnit(MetricUnits.SECONDS)
                .build(),
            tags(Map.of()));
    runtime.onPublish(
        new PublishListener() {
          @Override
          public void confirmed(int messages, long nanos) {
            published.inc(messages);
            confirms.update(Duration.ofNanos(nanos));
          }

          @Override
          public void failed(int messages, Reason reason) {
            failures.get(reason).inc(messages);
          }
        });
  }

  /** Gauges of each consumed queue's depth, read from the runtime's timed samples. */
  private void registerQueueDepths() {
    QueueDepths depths = runtime.sampleQueueDepths();
    for (String queue : depths.queues()) {
      Tag[] tags = tags(Map.of("queue", queue));
      registry.gauge(
          metadata("barterdude_queue_messages_ready", "Messages ready in a consumed queue"),
          depths,
          sampled -> sampled.of(queue).ready(),
          tags);
      registry.gauge(
          metadata("barterdude_queue_consumers", "Consumers of a consumed queue"),
          depths,
          sampled -> sampled.of(queue).consumers(),
          tags);
    }
  }

  @Override
  public void beforeConsume(Message message) {
    if (received != null) {
      received.inc();
    }
  }

  @Override
  public void onSuccess(Message message, Duration duration) {
    if (registry != null) {
      succeeded.update(duration);
    }
  }

  @Override
  public void onFail(Message message, Throwable error, Duration duration) {
    if (registry != null) {
      Timer timer = failed.get(error.getClass());
      (timer == null ? failedTimer(error.getClass()) : timer).update(duration);
    }
  }

  /**
   * The timer of an exception class's first failure, created one at a time: Payara 6's registry
   * creates timers in a plain {@code HashMap} and throws {@code ConcurrentModificationException}
   * when two threads create timers at once.
   */
  private synchronized Timer failedTimer(Class<?> type) {
    return failed.computeIfAbsent(type, created -> timer("fail", created.getSimpleName()));
  }

  @Override
  public void onConnectionFail(Throwable error, int retries) {
    if (connectionFails != null) {
      connectionFails.inc();
    }
  }

  private Timer timer(String state, String error) {
    return registry.timer(
        Metadata.builder()
            .withName(PROCESSING)
            .withDescription(
                "Histogram for time and counter when function was processing a message")
            .withUnit(MetricUnits.SECONDS)
            .build(),
        tags(Map.of("state", state, "error", error)));
  }

  private static Metadata metadata(String name, String description) {
    return Metadata.builder().withName(name).withDescription(description).build();
  }

  /** The constant labels and those extra tags. */
  private Tag[] tags(Map<String, String> extra) {
    List<Tag> tags = new ArrayList<>();
    labels.forEach((name, value) -> tags.add(new Tag(name, value)));
    extra.forEach((name, value) -> tags.add(new Tag(name, value)));
    return tags.toArray(Tag[]::new);
  }
}
