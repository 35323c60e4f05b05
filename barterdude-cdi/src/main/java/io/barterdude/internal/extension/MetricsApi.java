package io.barterdude.internal.extension;

/**
 * Whether the application sees the MicroProfile Metrics API, which MicroProfile 7 no longer
 * contains. The {@link io.barterdude.hooks.Metrics} hook is loaded only when it does.
 */
final class MetricsApi {

  private static final String REGISTRY = "org.eclipse.microprofile.metrics.MetricRegistry";
  private static final String HOOK = "io.barterdude.internal.metrics.MetricsHook";

  private MetricsApi() {}

  static boolean isPresent() {
    try {
      Class.forName(REGISTRY, false, MetricsApi.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError absent) {
      return false;
    }
  }

  /** The metrics hook's class; call only when {@link #isPresent()}. */
  static Class<?> hook() {
    try {
      return Class.forName(HOOK, false, MetricsApi.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(HOOK + " is part of this library", e);
    }
  }
}
