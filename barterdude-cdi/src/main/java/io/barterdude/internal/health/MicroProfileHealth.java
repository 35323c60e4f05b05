package io.barterdude.internal.health;

import io.barterdude.hooks.Healthcheck;
import io.barterdude.internal.config.ConfigKeys;
import io.barterdude.internal.message.JsonCodec;
import io.barterdude.internal.runtime.BarterDudeRuntime;
import io.barterdude.logging.JsonLogging;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * BarterDude's MicroProfile Health checks, both named {@code barterdude}.
 *
 * <ul>
 *   <li>Readiness (is it doing its job now?): connected to the broker, every consumer subscribed,
 *       and the {@link Healthcheck} healthy (success rate, monitored modules, forced failure).
 *   <li>Liveness (would a restart help?): down only after {@link Healthcheck#forceFail()} or when
 *       the connection keeps failing ({@code max-connection-fails} consecutive failures). A low
 *       success rate or a deleted queue is not fixed by a restart, so it only affects readiness.
 * </ul>
 */
@ApplicationScoped
public class MicroProfileHealth {

  static final String NAME = "barterdude";

  @Inject BarterDudeRuntime runtime;
  @Inject Healthcheck healthcheck;

  /**
   * The application's name, read when it starts: Payara Server runs the checks on a thread of its
   * own, where the configuration found is the server's, not the application's.
   */
  private volatile String appName = ConfigKeys.APP_NAME.defaultValue();

  void readAppName(@Observes @Initialized(ApplicationScoped.class) Object start) {
    appName = JsonLogging.appName();
  }

  @Produces
  @Readiness
  HealthCheck readiness() {
    return () -> {
      Healthcheck.Status status = healthcheck.status();
      Map<String, Boolean> subscriptions = runtime.consumers().subscriptions();
      boolean connected = runtime.isConnected();
      Map<String, Object> data = application();
      data.put("connected", connected);
      runtime.connectedNodes().forEach((role, node) -> data.put("node." + role, node));
      Optional<String> blocked = runtime.publishersBlocked();
      data.put("publishersBlocked", blocked.isPresent());
      blocked.ifPresent(reason -> data.put("publishersBlockedReason", reason));
      subscriptions.forEach((consumer, live) -> data.put("consumer." + consumer, live));
      status.body().forEach((key, value) -> data.put(key, JsonCodec.toJava(value)));
      boolean up = connected && !subscriptions.containsValue(false) && status.healthy();
      return response(up, data);
    };
  }

  @Produces
  @Liveness
  HealthCheck liveness() {
    return () -> {
      boolean forced = healthcheck.isForcedFail();
      boolean failing = healthcheck.hasReachedMaxConnectionFails();
      Map<String, Object> data = application();
      data.put("forcedFail", forced);
      data.put("connectionFailures", (long) runtime.consecutiveConnectionFailures());
      return response(!forced && !failing, data);
    };
  }

  /**
   * The check's data, starting with the application's name: a server running several BarterDude
   * applications answers one {@code barterdude} check per application.
   */
  private Map<String, Object> application() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("app_name", appName);
    return data;
  }

  private static HealthCheckResponse response(boolean up, Map<String, Object> data) {
    return new HealthCheckResponse(
        NAME,
        up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
        Optional.of(data));
  }
}
