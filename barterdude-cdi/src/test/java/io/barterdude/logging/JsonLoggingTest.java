package io.barterdude.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.internal.log.JsonLineHandler;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.Test;

class JsonLoggingTest {

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
        new SmallRyeConfigBuilder()
            .withSources(
                new PropertiesConfigSource(
                    Map.of(
                        "barterdude.default.app-name", "my_app",
                        "barterdude.default.log-level", "30",
                        "barterdude.log.redacted", "0"),
                    "test",
                    500))
            .build();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    ConfigProviderResolver resolver = ConfigProviderResolver.instance();
    resolver.releaseConfig(resolver.getConfig(loader));
    resolver.registerConfig(config, loader);
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
    resolver.releaseConfig(resolver.getConfig(loader));
  }

  @Test
  void eachRecordIsOneJsonLineWithTheStructuredFieldsAndTheTraceback() {
    LogRecord record = new LogRecord(Level.SEVERE, "order failed");
    record.setLoggerName("my_app.orders");
    record.setParameters(new Object[] {Json.createObjectBuilder().add("order", 42).build()});
    record.setThrown(new IllegalStateException("no stock"));
    String line = new JsonLineHandler("my_app").format(record);
    assertFalse(line.contains("\n"), "one line");
    JsonObject json = Json.createReader(new StringReader(line)).readObject();
    assertEquals("SEVERE", json.getString("level"));
    assertEquals("my_app.orders", json.getString("logger"));
    assertEquals("my_app", json.getString("app_name"));
    assertEquals("order failed", json.getString("message"));
    assertEquals(42, json.getInt("order"));
    assertEquals("java.lang.IllegalStateException: no stock", json.getString("exception"));
    assertTrue(json.getString("traceback").contains("JsonLoggingTest"));
  }

  @Test
  void theHandlerLeavesTheNamespaceWhenTheApplicationStopsAndIsNeverAddedTwice() {
    Logger namespace = Logger.getLogger("json_logging_test_app");
    JsonLineHandler.install(namespace, "json_logging_test_app");
    JsonLineHandler.install(namespace, "json_logging_test_app");
    assertEquals(1, namespace.getHandlers().length, "one handler");
    assertFalse(namespace.getUseParentHandlers());

    JsonLineHandler.uninstall();
    assertEquals(0, namespace.getHandlers().length, "no handler keeps the class loader");
    assertTrue(namespace.getUseParentHandlers());
  }
}
