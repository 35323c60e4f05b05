package io.barterdude.hooks;

import jakarta.json.JsonObject;

/**
 * The built-in healthcheck hook (the Python BarterDude's {@code Healthcheck}): the success rate of
 * the messages handled in a sliding window, connection failures, a manual {@link #forceFail()}, and
 * {@link HealthcheckMonitored} modules. Inject it to force a failure or read the {@link #status()};
 * BarterDude serves it at {@code /healthcheck} and through MicroProfile Health.
 *
 * <p>Healthy when: {@code forceFail()} was not called; fewer than {@code
 * barterdude.healthcheck.max-connection-fails} (3) consecutive connection failures, a count that
 * resets once the connection is back; no message in the last {@code
 * barterdude.healthcheck.window-seconds} (60), or a success rate of at least {@code
 * barterdude.healthcheck.success-rate} (0.95) over them; and every monitored module healthy.
 */
public interface Healthcheck extends Hook {

  /**
   * The healthcheck's verdict and its body, shaped as the Python BarterDude's: {@code message},
   * {@code success}, {@code fail}, one entry per monitored module, and {@code status} ({@code ok}
   * or {@code fail}).
   *
   * @param healthy whether everything is healthy
   * @param body the JSON body
   */
  record Status(boolean healthy, JsonObject body) {}

  /** Makes the healthcheck fail from now on, e.g. to have the application restarted. */
  void forceFail();

  /** Undoes {@link #forceFail()}: the healthcheck evaluates normally again. */
  void clearForcedFail();

  /**
   * Whether {@link #forceFail()} was called.
   *
   * @return true once forced
   */
  boolean isForcedFail();

  /**
   * Whether consecutive connection failures reached the maximum.
   *
   * @return true while the connection keeps failing
   */
  boolean hasReachedMaxConnectionFails();

  /**
   * Evaluates the healthcheck now.
   *
   * @return the verdict and its body
   */
  Status status();
}
