package io.barterdude.logging;

import io.barterdude.internal.config.ConfigKey;
import io.barterdude.internal.config.ConfigKeys;
import io.barterdude.internal.log.JsonLineHandler;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * JSON loggers for application code (the Python BarterDude's {@code getLogger(name, level)}) and
 * the redaction flag ({@code BARTERDUDE_LOG_REDACTED}).
 *
 * <pre>{@code
 * Logger logger = JsonLogging.getLogger("my_app", Level.FINE);
 * logger.log(Level.INFO, "order stored", Json.createObjectBuilder().add("order", 42).build());
 * }</pre>
 *
 * <p>Loggers live under the namespace {@code barterdude.default.app-name} (environment {@code
 * BARTERDUDE_DEFAULT_APP_NAME}, default {@code barterdude}); each record is written to standard
 * output as one JSON line with {@code timestamp}, {@code level}, {@code logger}, {@code app_name},
 * {@code message}, the fields of a {@link jakarta.json.JsonObject} passed as the first parameter,
 * and {@code exception} and {@code traceback} when a throwable is attached. Give each application
 * on a server its own name: loggers are JVM-wide, and the JSON handler leaves the namespace when
 * the application that put it there stops.
 */
public final class JsonLogging {

  private JsonLogging() {}

  /**
   * A JSON logger at the default level ({@code BARTERDUDE_DEFAULT_LOG_LEVEL}, default 20 = INFO).
   *
   * @param name the logger name, under the application's namespace
   * @return the logger
   */
  public static Logger getLogger(String name) {
    return getLogger(name, defaultLevel());
  }

  /**
   * A JSON logger at the given level.
   *
   * @param name the logger name, under the application's namespace
   * @param level the level
   * @return the logger
   */
  public static Logger getLogger(String name, Level level) {
    Logger logger = Logger.getLogger(namespace().getName() + "." + name);
    logger.setLevel(level);
    return logger;
  }

  /**
   * Whether message bodies stay out of logs: true unless {@code barterdude.log.redacted}
   * (environment {@code BARTERDUDE_LOG_REDACTED}) is {@code 0} or {@code false}.
   *
   * @return the redaction flag
   */
  public static boolean isRedacted() {
    String value = read(ConfigKeys.LOG_REDACTED).trim();
    return !(value.equals("0") || value.equalsIgnoreCase("false"));
  }

  /**
   * The application name that prefixes every JSON logger.
   *
   * @return {@code barterdude.default.app-name}
   */
  public static String appName() {
    return read(ConfigKeys.APP_NAME).trim();
  }

  /**
   * The default level of JSON loggers, from {@code BARTERDUDE_DEFAULT_LOG_LEVEL}: a Python level
   * number (0, 10, 20, 30, 40, 50) or a {@code java.util.logging} level name.
   *
   * @return the level; INFO when the setting cannot be read
   */
  public static Level defaultLevel() {
    return parseLevel(read(ConfigKeys.LOG_LEVEL));
  }

  static Level parseLevel(String text) {
    String value = text.trim().toUpperCase(Locale.ROOT);
    try {
      int python = Integer.parseInt(value);
      return python <= 0
          ? Level.ALL
          : python <= 10
              ? Level.FINE
              : python <= 20 ? Level.INFO : python <= 30 ? Level.WARNING : Level.SEVERE;
    } catch (NumberFormatException notANumber) {
      return switch (value) {
        case "DEBUG" -> Level.FINE;
        case "WARN" -> Level.WARNING;
        case "ERROR", "CRITICAL" -> Level.SEVERE;
        default -> parseJulLevel(value);
      };
    }
  }

  private static Level parseJulLevel(String value) {
    try {
      return Level.parse(value);
    } catch (IllegalArgumentException e) {
      return Level.INFO;
    }
  }

  private static synchronized Logger namespace() {
    String appName = appName();
    Logger root = Logger.getLogger(appName);
    JsonLineHandler.install(root, appName);
    return root;
  }

  private static String read(ConfigKey key) {
    try {
      return ConfigProvider.getConfig()
          .getOptionalValue(key.name(), String.class)
          .orElse(key.defaultValue());
    } catch (RuntimeException | LinkageError noConfig) {
      return key.defaultValue();
    }
  }
}
