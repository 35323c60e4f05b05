package io.barterdude.hooks;

import io.barterdude.BarterDude;
import io.barterdude.Message;
import io.barterdude.internal.config.Settings;
import io.barterdude.internal.health.SuccessWindow;
import io.barterdude.internal.runtime.BarterDudeRuntime;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

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
@ApplicationScoped
@Priority(200)
public class Healthcheck implements Hook {

  /**
   * The healthcheck's verdict and its body, shaped as the Python BarterDude's: {@code message},
   * {@code success}, {@code fail}, one entry per monitored module, and {@code status} ({@code ok}
   * or {@code fail}).
   *
   * @param healthy whether everything is healthy
   * @param body the JSON body
   */
  public record Status(boolean healthy, JsonObject body) {}

  @Inject BarterDudeRuntime runtime;
  @Inject BarterDude barterdude;

  private volatile boolean forcedFail;
  private double successRate;
  private int windowSeconds;
  private int maxConnectionFails;
  private SuccessWindow window;

  @PostConstruct
  void configure() {
    Settings.Health settings = runtime.settings().health();
    successRate = settings.successRate();
    windowSeconds = settings.windowSeconds();
    maxConnectionFails = settings.maxConnectionFails();
    window = new SuccessWindow(windowSeconds, () -> System.currentTimeMillis() / 1000);
  }

  /** Makes the healthcheck fail from now on, e.g. to have the application restarted. */
  public void forceFail() {
    forcedFail = true;
  }

  /** Undoes {@link #forceFail()}: the healthcheck evaluates normally again. */
  public void clearForcedFail() {
    forcedFail = false;
  }

  /**
   * Whether {@link #forceFail()} was called.
   *
   * @return true once forced
   */
  public boolean isForcedFail() {
    return forcedFail;
  }

  /**
   * Whether consecutive connection failures reached the maximum.
   *
   * @return true while the connection keeps failing
   */
  public boolean hasReachedMaxConnectionFails() {
    return runtime.consecutiveConnectionFailures() >= maxConnectionFails;
  }

  @Override
  public void onSuccess(Message message) {
    window.success();
  }

  @Override
  public void onFail(Message message, Throwable error) {
    window.fail();
  }

  /**
   * Evaluates the healthcheck now.
   *
   * @return the verdict and its body
   */
  public Status status() {
    SuccessWindow.Counts counts = window.counts();
    JsonObjectBuilder body = Json.createObjectBuilder();
    boolean healthy = verdict(counts, body);
    Map<String, Boolean> modules = modules();
    modules.forEach((name, ok) -> body.add(name, ok ? "ok" : "fail"));
    healthy &= !modules.containsValue(false);
    body.add("success", counts.success()).add("fail", counts.fail());
    body.add("status", healthy ? "ok" : "fail");
    return new Status(healthy, body.build());
  }

  private boolean verdict(SuccessWindow.Counts counts, JsonObjectBuilder body) {
    if (forcedFail) {
      body.add("message", "Healthcheck fail called manually");
      return false;
    }
    if (hasReachedMaxConnectionFails()) {
      body.add("message", "Reached max connection fails (" + maxConnectionFails + ")");
      return false;
    }
    if (counts.isEmpty()) {
      body.add("message", "No messages in last " + (double) windowSeconds + "s");
      return true;
    }
    double rate = counts.rate();
    body.add("message", "Success rate: " + rate + " (expected: " + successRate + ")");
    return rate >= successRate;
  }

  private Map<String, Boolean> modules() {
    Map<String, Boolean> modules = new LinkedHashMap<>();
    Instance<HealthcheckMonitored> monitoredBeans =
        runtime
            .applicationBeans()
            .createInstance()
            .select(HealthcheckMonitored.class, Any.Literal.INSTANCE);
    for (Instance.Handle<HealthcheckMonitored> handle : monitoredBeans.handles()) {
      modules.put(moduleName(handle), safely(handle.get()));
    }
    barterdude
        .data()
        .forEach(
            (key, value) -> {
              if (value instanceof HealthcheckMonitored module) {
                modules.put(key, safely(module));
              }
            });
    return modules;
  }

  private static String moduleName(Instance.Handle<HealthcheckMonitored> handle) {
    Class<?> type = handle.getBean().getBeanClass();
    Named named = type.getAnnotation(Named.class);
    return named != null && !named.value().isEmpty() ? named.value() : type.getSimpleName();
  }

  private static boolean safely(HealthcheckMonitored module) {
    try {
      return module.healthcheck();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
