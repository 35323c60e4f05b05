package io.barterdude.internal.metrics;

import io.barterdude.internal.log.BarterDudeLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The constant labels of BarterDude's metrics in a registry that other applications may share: on
 * Open Liberty every application's metrics live in one application registry, which refuses a metric
 * whose tag names differ from those of a metric of the same name already there. The first
 * application to register picks the label names; a later one keeps them, with {@code ""} for a
 * label it does not have (Prometheus reads an empty label as an absent one), and leaves out a label
 * the first did not have, saying so once (BDCDI0037).
 */
public final class SharedLabels {

  /** Tags the servers add to every metric themselves. */
  private static final List<String> SERVER_TAGS = List.of("mp_app", "mp_scope", "_app");

  private SharedLabels() {}

  /**
   * The labels to register with.
   *
   * @param registry the application registry
   * @param probe the name of a metric BarterDude registers with exactly its constant labels
   * @param own the labels this application configured
   * @return own labels, adapted to those of the metrics already registered under {@code probe}
   */
  public static Map<String, String> of(
      MetricRegistry registry, String probe, Map<String, String> own) {
    Set<String> existing = existingNames(registry, probe);
    if (existing == null) {
      return own;
    }
    Map<String, String> labels = new LinkedHashMap<>();
    existing.forEach(name -> labels.put(name, own.getOrDefault(name, "")));
    Set<String> left = new TreeSet<>(own.keySet());
    left.removeAll(existing);
    if (!left.isEmpty()) {
      BarterDudeLog.metricLabelsLeftOut(left, existing);
    }
    return labels;
  }

  /** The tag names of a metric of that name, or null if there is none. */
  private static Set<String> existingNames(MetricRegistry registry, String probe) {
    return registry.getMetricIDs().stream()
        .filter(id -> id.getName().equals(probe))
        .findFirst()
        .map(SharedLabels::names)
        .orElse(null);
  }

  private static Set<String> names(MetricID id) {
    Set<String> names = new TreeSet<>(id.getTags().keySet());
    names.removeAll(SERVER_TAGS);
    return names;
  }
}
