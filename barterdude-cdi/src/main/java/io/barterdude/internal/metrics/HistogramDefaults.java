package io.barterdude.internal.metrics;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The lowest-ordinal MicroProfile Config source, registered through {@code ServiceLoader}: it gives
 * every BarterDude timer the Prometheus client's default histogram buckets (the Python
 * BarterDude's: 0.005 s to 10 s, and +Inf) and no percentiles, through MicroProfile Metrics 5.1's
 * {@code mp.metrics.distribution.timer.buckets} and {@code mp.metrics.distribution.percentiles}.
 * Any other source that sets those keys wins, whole.
 */
public final class HistogramDefaults implements ConfigSource {

  /** The buckets, in MicroProfile Metrics' timer syntax (whole numbers with a unit). */
  public static final String BUCKETS =
      "5ms,10ms,25ms,50ms,75ms,100ms,250ms,500ms,750ms,1s,2500ms,5s,7500ms,10s";

  /** BarterDude's timers, by name: Open Liberty 25.0.0.11 does not match a trailing wildcard. */
  public static final List<String> TIMERS =
      List.of("barterdude_processing_message", "barterdude_publish_confirm");

  private static final Map<String, String> PROPERTIES =
      Map.of(
          "mp.metrics.distribution.timer.buckets", each(name -> name + "=" + BUCKETS),
          "mp.metrics.distribution.percentiles", each(name -> name + "="));

  private static String each(UnaryOperator<String> setting) {
    return TIMERS.stream().map(setting).collect(Collectors.joining(";"));
  }

  @Override
  public Set<String> getPropertyNames() {
    return PROPERTIES.keySet();
  }

  @Override
  public String getValue(String propertyName) {
    return PROPERTIES.get(propertyName);
  }

  @Override
  public String getName() {
    return "BarterDude histogram defaults";
  }

  @Override
  public int getOrdinal() {
    return 1;
  }
}
