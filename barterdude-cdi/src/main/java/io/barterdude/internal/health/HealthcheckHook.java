package io.barterdude.internal.health;

import io.barterdude.BarterDude;
import io.barterdude.Message;
import io.barterdude.hooks.Healthcheck;
import io.barterdude.hooks.HealthcheckMonitored;
import io.barterdude.internal.config.Settings;
import io.barterdude.internal.runtime.BarterDudeRuntime;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@link Healthcheck} hook: success window, connection failures, forced failure and monitored
 * modules.
 */
@ApplicationScoped
@Priority(200)
public class HealthcheckHook implements Healthcheck {

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

  @Override
  public void forceFail() {
    forcedFail = true;
  }

  @Override
  public void clearForcedFail() {
    forcedFail = false;
  }

  @Override
  public boolean isForcedFail() {
    return forcedFail;
  }

  @Override
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

  @Override
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
