package io.barterdude.sample;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The sample's own MicroProfile Metrics: the seed's user counter {@code fail} and the timer {@code
 * sample_handler} of {@link TimedHandlerInterceptor}. The consumers reach it through {@code
 * Instance<SampleMetrics>}, so that they do not need the MicroProfile Metrics API: on a server
 * without it (MicroProfile 7 leaves it out) the container cannot load this bean, skips it, and the
 * sample counts nothing while its consumers work the same.
 */
@ApplicationScoped
public class SampleMetrics {

  private static final Metadata TIMER =
      Metadata.builder()
          .withName("sample_handler")
          .withDescription("Time the handler itself took, without validation and hooks")
          .withUnit(MetricUnits.SECONDS)
          .build();

  /** The seed's {@code prometheus.metrics.counter(name="fail", description="fail again")}. */
  private static final Metadata FAIL =
      Metadata.builder().withName("fail").withDescription("fail again").build();

  @Inject MetricRegistry registry;

  /**
   * Counts one message {@code "fail"}. The counter is looked up at each call rather than injected
   * once: on Open Liberty, applications share metrics of the same name and tags, and one that stops
   * removes them, so a counter held since startup could count into nothing.
   */
  void countFail() {
    registry.counter(FAIL).inc();
  }

  /** Records one call of a {@link TimedHandler} method, named {@code Class.method}. */
  void handlerTook(String method, Duration duration) {
    registry.timer(TIMER, new Tag("method", method)).update(duration);
  }
}
