package io.barterdude.it;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import io.barterdude.internal.runtime.BarterDudeRuntime;
import io.barterdude.testing.ConsumerTester;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.enterprise.inject.spi.Extension;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * A CDI SE application with the BarterDude extension and the given beans only (no discovery),
 * configured by a map on top of the defaults. Closing it stops BarterDude like an undeploy does.
 */
public final class TestApp implements AutoCloseable {

  private final WeldContainer container;
  private final Config config;

  private TestApp(WeldContainer container, Config config) {
    this.container = container;
    this.config = config;
  }

  /** Boots an application; it is connected and its consumers are subscribed when this returns. */
  public static TestApp start(Map<String, String> settings, Class<?>... beans) {
    TestApp app = startUnready(settings, beans);
    try {
      app.awaitReady();
      return app;
    } catch (RuntimeException | Error e) {
      app.close();
      throw e;
    }
  }

  /** Boots an application without waiting for the broker. */
  public static TestApp startUnready(Map<String, String> settings, Class<?>... beans) {
    return startUnready(settings, ConsumerTester.extensions(), beans);
  }

  /** Boots an application with these extensions, without waiting for the broker. */
  public static TestApp startUnready(
      Map<String, String> settings, Extension[] extensions, Class<?>... beans) {
    Config config = register(settings);
    try {
      Weld weld =
          new Weld()
              .disableDiscovery()
              .containerId("barterdude-test-" + System.nanoTime())
              .beanClasses(beans)
              .addExtensions(extensions);
      return new TestApp(weld.initialize(), config);
    } catch (RuntimeException e) {
      release(config);
      throw e;
    }
  }

  /** Boots an application with the default settings. */
  public static TestApp start(Class<?>... beans) {
    return start(Map.of(), beans);
  }

  /** Waits up to 20 s until the application is connected and every consumer subscribed. */
  public void awaitReady() {
    BarterDudeRuntime runtime = bean(BarterDudeRuntime.class);
    await()
        .atMost(20, SECONDS)
        .until(
            () ->
                runtime.isConnected() && !runtime.consumers().subscriptions().containsValue(false));
  }

  /** Whether the application has no bean of the type. */
  public boolean isUnsatisfied(Class<?> type) {
    return container.select(type).isUnsatisfied();
  }

  /** A bean of the application. */
  public <T> T bean(Class<T> type) {
    return container.select(type).get();
  }

  /** A bean of the application with qualifiers. */
  public <T> T select(Class<T> type, java.lang.annotation.Annotation... qualifiers) {
    return container.select(type, qualifiers).get();
  }

  @Override
  public void close() {
    try {
      container.close();
    } finally {
      release(config);
    }
  }

  private static Config register(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>();
    all.put("barterdude.prefetch", "20");
    all.put("barterdude.shutdown-timeout-ms", "10000");
    all.putAll(settings);
    Config config =
        new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(all, "test", 500))
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
