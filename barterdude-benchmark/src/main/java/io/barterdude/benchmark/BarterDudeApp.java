package io.barterdude.benchmark;

import io.barterdude.internal.extension.BarterDudeExtension;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.metrics.SharedMetricRegistries;
import io.smallrye.metrics.legacyapi.LegacyMetricsExtension;
import java.lang.annotation.Annotation;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * A CDI SE application (Weld, no bean discovery) with BarterDude's extension, MicroProfile Config
 * from SmallRye (with the sources found through {@code ServiceLoader}, as on the servers, so that
 * BarterDude's timers get their buckets and no percentiles), SmallRye Metrics (MicroProfile Metrics
 * 5.1 on Micrometer, as in Open Liberty) and the given beans: a user's application without an
 * application server. Weld SE loads no service extensions without discovery, so both extensions are
 * added here. Closing it stops BarterDude and drops the application's metrics, as an undeploy does.
 */
final class BarterDudeApp implements AutoCloseable {

  private final WeldContainer container;
  private final Config config;

  private BarterDudeApp(WeldContainer container, Config config) {
    this.container = container;
    this.config = config;
  }

  /**
   * Boots an application; BarterDude connects in the background.
   *
   * @param settings configuration on top of BarterDude's defaults
   * @param beans the application's bean classes
   */
  static BarterDudeApp start(Map<String, String> settings, Class<?>... beans) {
    Config config = register(settings);
    try {
      Weld weld =
          new Weld()
              .disableDiscovery()
              .containerId("bd-bench-" + System.nanoTime())
              .beanClasses(beans)
              .addExtension(new BarterDudeExtension())
              .addExtension(new LegacyMetricsExtension());
      return new BarterDudeApp(weld.initialize(), config);
    } catch (RuntimeException e) {
      release(config);
      throw e;
    }
  }

  <T> T bean(Class<T> type, Annotation... qualifiers) {
    return container.select(type, qualifiers).get();
  }

  <T> boolean has(Class<T> type, Annotation... qualifiers) {
    return container.select(type, qualifiers).isResolvable();
  }

  @Override
  public void close() {
    try {
      container.close();
    } finally {
      SharedMetricRegistries.drop(MetricRegistry.APPLICATION_SCOPE);
      release(config);
    }
  }

  private static Config register(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>();
    all.put("barterdude.hostname", Broker.HOST);
    all.put("barterdude.connection-name", "bd-bench-barterdude");
    all.putAll(settings);
    Config config =
        new SmallRyeConfigBuilder()
            .addDefaultSources()
            .addDiscoveredSources()
            .withSources(new PropertiesConfigSource(all, "bench", 500))
            .build();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    ConfigProviderResolver resolver = ConfigProviderResolver.instance();
    resolver.releaseConfig(resolver.getConfig(loader));
    resolver.registerConfig(config, loader);
    return config;
  }

  private static void release(Config config) {
    ConfigProviderResolver.instance().releaseConfig(config);
  }
}
