package io.barterdude.benchmark;

import io.barterdude.hooks.Healthcheck;
import io.smallrye.metrics.SharedMetricRegistries;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * BarterDude in CDI SE at its default settings (healthcheck, metrics and logging hooks active,
 * logging at its default level, bodies redacted) but for the given ones (the drain's prefetch),
 * consuming with {@link PlainConsumer}, {@link ValidatedConsumer} or {@link PipelineConsumer}; the
 * run's queue and the concurrency are set through the consumer's configuration ({@code
 * barterdude.consumer.bench.*}).
 */
final class BarterDudeConsumer implements Contestant {

  private final Class<?> consumer;
  private final Map<String, String> settings;
  private final int concurrency;
  private BarterDudeApp app;
  private long receivedBefore;

  BarterDudeConsumer(Class<?> consumer, int prefetch, int concurrency) {
    this(consumer, Map.of("barterdude.prefetch", Integer.toString(prefetch)), concurrency);
  }

  BarterDudeConsumer(Class<?> consumer, Map<String, String> settings, int concurrency) {
    this.consumer = consumer;
    this.settings = settings;
    this.concurrency = concurrency;
  }

  @Override
  public void start(String queue) {
    receivedBefore = receivedCounter();
    String consumerKeys = "barterdude.consumer." + PlainConsumer.NAME;
    Map<String, String> all = new HashMap<>(settings);
    all.put(consumerKeys + ".queues", queue);
    all.put(consumerKeys + ".concurrency", Integer.toString(concurrency));
    app = BarterDudeApp.start(all, consumer);
  }

  /**
   * Checks that the metrics and healthcheck hooks saw the messages: the healthcheck counted every
   * one (its last hook call may still run, so it gets a second), the metrics' received counter
   * (shared by every run, as Micrometer's registry is) grew by at least as many.
   *
   * @throws IllegalStateException if one of them counted fewer
   */
  @Override
  public void verify(int handled) throws InterruptedException {
    Healthcheck healthcheck = app.bean(Healthcheck.class);
    long deadline = System.currentTimeMillis() + 1_000;
    while (successes(healthcheck) < handled && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    long received = receivedCounter() - receivedBefore;
    if (received < handled || successes(healthcheck) < handled) {
      throw new IllegalStateException(
          "hooks missed messages: "
              + handled
              + " handled, metrics counted "
              + received
              + ", "
              + healthcheck.status().body());
    }
  }

  private static long successes(Healthcheck healthcheck) {
    return healthcheck.status().body().getJsonNumber("success").longValue();
  }

  private static long receivedCounter() {
    return SharedMetricRegistries.getOrCreate(MetricRegistry.APPLICATION_SCOPE)
        .getCounters(
            (id, metric) ->
                id.getName().equals("barterdude_received_number_before_consume_messages"))
        .values()
        .stream()
        .mapToLong(Counter::getCount)
        .sum();
  }

  @Override
  public void close() {
    if (app != null) {
      app.close();
    }
  }
}
