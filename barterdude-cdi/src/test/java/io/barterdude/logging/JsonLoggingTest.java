package io.barterdude.logging;

import static io.barterdude.logging.JsonLineHandlerTest.parse;
import static io.barterdude.logging.JsonLineHandlerTest.printed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JsonLoggingTest {

  static final ClassLoader LOADER = Thread.currentThread().getContextClassLoader();

  @AfterEach
  void tearDown() {
    JsonLogging.uninstall();
    ConfigProviderResolver resolver = ConfigProviderResolver.instance();
    resolver.releaseConfig(resolver.getConfig(LOADER));
  }

  @Test
  void pythonLevelNumbersAndNamesMapToJavaLevels() {
    assertEquals(Level.ALL, JsonLogging.parseLevel("0"));
    assertEquals(Level.FINE, JsonLogging.parseLevel("10"));
    assertEquals(Level.INFO, JsonLogging.parseLevel("20"));
    assertEquals(Level.WARNING, JsonLogging.parseLevel("30"));
    assertEquals(Level.SEVERE, JsonLogging.parseLevel("40"));
    assertEquals(Level.FINE, JsonLogging.parseLevel("debug"));
    assertEquals(Level.FINEST, JsonLogging.parseLevel("FINEST"));
    assertEquals(Level.INFO, JsonLogging.parseLevel("nonsense"));
  }

  @Test
  void appNameLevelAndRedactionComeFromConfig() {
    Config config =
        register(
            LOADER,
            Map.of(
                "barterdude.default.app-name", "my_app",
                "barterdude.default.log-level", "30",
                "barterdude.log.redacted", "0"));
    try {
      Logger logger = JsonLogging.getLogger("orders");
      assertEquals("my_app.orders", logger.getName());
      assertEquals(Level.WARNING, logger.getLevel());
      assertFalse(JsonLogging.isRedacted());
      assertEquals(Level.FINE, JsonLogging.getLogger("orders", Level.FINE).getLevel());
    } finally {
      ConfigProviderResolver.instance().releaseConfig(config);
    }
    assertTrue(JsonLogging.isRedacted(), "redacted by default");
    assertEquals("barterdude", JsonLogging.appName());
  }

  @Test
  void levelsChangeInsideTheApplicationsNamespaceOnly() {
    register(LOADER, Map.of("barterdude.default.app-name", "json_logging_test_levels"));
    Logger namespace = Logger.getLogger("json_logging_test_levels");
    Logger sibling = Logger.getLogger("json_logging_test_levels_sibling");
    sibling.setLevel(Level.WARNING);
    Map<String, Level> before = levels();
    JsonLogging.getLogger("orders", Level.FINEST);
    JsonLogging.getLogger("orders.payments", Level.ALL);
    List<String> changed =
        before.keySet().stream()
            .filter(name -> !name.startsWith("json_logging_test_levels."))
            .filter(name -> LogManager.getLogManager().getLogger(name) != null)
            .filter(name -> !Objects.equals(before.get(name), Logger.getLogger(name).getLevel()))
            .toList();
    assertEquals(List.of(), changed);
    assertTrue(before.containsKey(namespace.getName()) && before.containsKey(sibling.getName()));
    assertEquals(Level.FINEST, Logger.getLogger("json_logging_test_levels.orders").getLevel());
  }

  @Test
  void theApplicationsHandlerIsAddedOnceAndLeavesWithoutTakingAnotherApplicationsHandler() {
    register(LOADER, Map.of("barterdude.default.app-name", "json_logging_test_app"));
    Logger namespace = Logger.getLogger("json_logging_test_app");
    JsonLineHandler other = JsonLineHandler.install("json_logging_test_app");
    try {
      Logger orders = JsonLogging.getLogger("orders");
      JsonLogging.getLogger("payments");
      assertEquals(2, namespace.getHandlers().length, "the other's and this application's");
      assertEquals(1, printed(() -> orders.info("once")).size(), "one line per record");

      JsonLogging.uninstall();
      assertEquals(List.of(other), List.of(namespace.getHandlers()));
      assertFalse(namespace.getUseParentHandlers());
    } finally {
      other.uninstall();
    }
    assertEquals(0, namespace.getHandlers().length, "no handler keeps a class loader");
    assertTrue(namespace.getUseParentHandlers());
  }

  /**
   * Two WARs bundle two copies of the library, with their own class loaders: each copy puts its own
   * handler on a namespace they share by name, and the copy whose application stops takes its own
   * handler only.
   */
  @Test
  void twoCopiesOfTheLibraryWithTheSameNameShareTheNamespaceButNotTheHandler() throws Exception {
    Map<String, String> settings = Map.of("barterdude.default.app-name", "json_logging_test_war");
    register(LOADER, settings);
    Logger namespace = Logger.getLogger("json_logging_test_war");
    try (URLClassLoader secondWar = secondCopyOfTheLoggingPackage()) {
      Config secondConfig = register(secondWar, settings);
      Class<?> secondJsonLogging = secondWar.loadClass(JsonLogging.class.getName());
      try {
        assertSecondCopyLeavesOnlyItsOwnHandler(secondWar, secondJsonLogging, namespace);
      } finally {
        call(secondWar, secondJsonLogging, "uninstall");
        ConfigProviderResolver.instance().releaseConfig(secondConfig);
      }
    }
    JsonLogging.uninstall();
    assertEquals(0, namespace.getHandlers().length);
  }

  private static void assertSecondCopyLeavesOnlyItsOwnHandler(
      ClassLoader secondWar, Class<?> secondJsonLogging, Logger namespace) throws Exception {
    assertNotSame(JsonLogging.class, secondJsonLogging);
    Logger secondLogger = (Logger) call(secondWar, secondJsonLogging, "getLogger", "orders");
    JsonLogging.getLogger("orders");
    Handler[] handlers = namespace.getHandlers();
    assertEquals(2, handlers.length);
    assertNotSame(handlers[0].getClass(), handlers[1].getClass());
    List<String> lines = printed(() -> secondLogger.info("from the second war"));
    assertEquals(1, lines.size(), lines.toString());
    assertEquals("json_logging_test_war", parse(lines.get(0)).getString("app_name"));

    call(secondWar, secondJsonLogging, "uninstall");
    assertEquals(JsonLineHandler.class, namespace.getHandlers()[0].getClass());
    assertEquals(1, namespace.getHandlers().length, "the second war's handler left");
    assertEquals(1, printed(() -> secondLogger.info("still one line")).size());
  }

  /** A class loader that loads the logging package itself, as a second WAR's does. */
  private static URLClassLoader secondCopyOfTheLoggingPackage() {
    URL classes = JsonLogging.class.getProtectionDomain().getCodeSource().getLocation();
    String loggingPackage = JsonLogging.class.getPackageName() + ".";
    return new URLClassLoader(new URL[] {classes}, LOADER) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(loggingPackage)) {
          return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
          Class<?> loaded = findLoadedClass(name);
          return loaded != null ? loaded : findClass(name);
        }
      }
    };
  }

  /** Calls a static method of the second copy with its class loader as the context's. */
  private static Object call(ClassLoader war, Class<?> type, String method, String... arguments)
      throws Exception {
    Thread thread = Thread.currentThread();
    thread.setContextClassLoader(war);
    try {
      Class<?>[] types = new Class<?>[arguments.length];
      Arrays.fill(types, String.class);
      return type.getMethod(method, types).invoke(null, (Object[]) arguments);
    } finally {
      thread.setContextClassLoader(LOADER);
    }
  }

  private static Config register(ClassLoader loader, Map<String, String> settings) {
    Config config =
        new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(settings, "test", 500))
            .build();
    ConfigProviderResolver resolver = ConfigProviderResolver.instance();
    resolver.releaseConfig(resolver.getConfig(loader));
    resolver.registerConfig(config, loader);
    return config;
  }

  private static Map<String, Level> levels() {
    Map<String, Level> levels = new HashMap<>();
    for (String name : Collections.list(LogManager.getLogManager().getLoggerNames())) {
      Logger logger = LogManager.getLogManager().getLogger(name);
      if (logger != null) {
        levels.put(name, logger.getLevel());
      }
    }
    return levels;
  }
}
