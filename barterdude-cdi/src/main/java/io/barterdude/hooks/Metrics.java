package io.barterdude.hooks;

import io.barterdude.Message;
import io.barterdude.internal.runtime.BarterDudeRuntime;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The built-in metrics hook (the Python BarterDude's {@code Prometheus}), publishing to the
 * application's MicroProfile Metrics registry, with the seed's names in the Prometheus output:
 *
 * <ul>
 *   <li>{@code barterdude_received_number_before_consume_total}: messages received (counter);
 *   <li>{@code barterdude_processing_message_seconds}: handling time (timer), tagged {@code state}
 *       ({@code success} or {@code fail}) and {@code error} (the exception's simple class name,
 *       {@code ValidationException} for schema violations, empty on success);
 *   <li>{@code barterdude_connection_fail_total}: connection failures (counter);
 *   <li>{@code barterdude_messages_in_flight}: messages being handled, per {@code consumer}
 *       (gauge);
 *   <li>{@code barterdude_hook_errors_total}: hooks and observers that threw (counter).
 * </ul>
 *
 * Every metric also carries the constant tags of {@code barterdude.metrics.labels} (the seed's
 * {@code labels}, e.g. {@code app_name=my_app,team_name=my_team}). Metrics are resolved once; the
 * hot path only increments them. Without a MicroProfile Metrics implementation the hook does
 * nothing.
 */
@ApplicationScoped
@Priority(300)
public class Metrics implements Hook {

  private static final String BEFORE_CONSUME = "barterdude_received_number_before_consume";
  private static final String PROCESSING = "barterdude_processing_message";
  private static final String CONNECTION_FAIL = "barterdude_connection_fail";

  @Inject Instance<MetricRegistry> registries;
  @Inject BarterDudeRuntime runtime;

  private MetricRegistry registry;
  private Tag[] labels;
  private Counter received;
  private Counter connectionFails;
  private Timer succeeded;
  private final Map<Class<?>, Timer> failed = new ConcurrentHashMap<>();

  /**
   * Registers every metric when the application starts, after BarterDude's runtime (whose consumers
   * the in-flight gauges read), so that they are published before the first message.
   */
  void register(@Observes @Priority(3500) @Initialized(ApplicationScoped.class) Object start) {
    if (registry != null || !registries.isResolvable()) {
      return;
    }
    registry = registries.get();
    labels = tags(runtime.settings().metricsLabels(), Map.of());
    received =
        registry.counter(
            metadata(BEFORE_CONSUME, "Messages that worker received from queue(s)"), labels);
    connectionFails =
        registry.counter(metadata(CONNECTION_FAIL, "Number of connection fails"), labels);
    succeeded = timer("success", "");
    runtime
        .inFlight()
        .forEach(
            (consumer, count) ->
                registry.gauge(
                    metadata("barterdude_messages_in_flight", "Messages being handled"),
                    count,
                    supplier -> supplier.getAsInt(),
                    tags(runtime.settings().metricsLabels(), Map.of("consumer", consumer))));
    registry.gauge(
        metadata(
            "barterdude_publishers_blocked",
            "1 while the broker blocks the application's publishers (memory or disk alarm)"),
        runtime,
        current -> current.publishersBlocked().isPresent() ? 1 : 0,
        labels);
    Counter hookErrors =
        registry.counter(
            metadata("barterdude_hook_errors", "Hooks and event observers that threw"), labels);
    runtime.onHookError(hookErrors::inc);
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
      failed
          .computeIfAbsent(error.getClass(), type -> timer("fail", type.getSimpleName()))
          .update(duration);
    }
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
            .withDescription("Time taken to process message")
            .withUnit(MetricUnits.SECONDS)
            .build(),
        tags(runtime.settings().metricsLabels(), Map.of("state", state, "error", error)));
  }

  private static Metadata metadata(String name, String description) {
    return Metadata.builder().withName(name).withDescription(description).build();
  }

  private static Tag[] tags(Map<String, String> labels, Map<String, String> extra) {
    List<Tag> tags = new ArrayList<>();
    labels.forEach((name, value) -> tags.add(new Tag(name, value)));
    extra.forEach((name, value) -> tags.add(new Tag(name, value)));
    return tags.toArray(Tag[]::new);
  }
}
