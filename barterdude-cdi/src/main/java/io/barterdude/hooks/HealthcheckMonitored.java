package io.barterdude.hooks;

/**
 * An extra module whose health counts in BarterDude's healthcheck (the Python BarterDude's {@code
 * HealthcheckMonitored}). It is checked when it is a CDI bean (named by {@code @Named}, or else its
 * simple class name) and when it is stored in {@link io.barterdude.BarterDude#data()} (named by its
 * key). Each appears in the healthcheck body as {@code "ok"} or {@code "fail"}; one failing module
 * fails the healthcheck.
 */
@FunctionalInterface
public interface HealthcheckMonitored {

  /**
   * Whether the module is healthy. Keep it quick: it runs on every health request.
   *
   * @return true when healthy
   */
  boolean healthcheck();
}
