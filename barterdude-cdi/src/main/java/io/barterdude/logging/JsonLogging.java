package io.barterdude.logging;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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
 * {@code trace_id} and {@code span_id} while a span is current ({@link TraceIds}), and {@code
 * exception} and {@code traceback} when a throwable is attached. Levels are set on the namespace's
 * loggers only.
 *
 * <p>The JSON handler on the namespace belongs to the application that put it there, and leaves
 * when that application stops ({@link #uninstall()}). Loggers are JVM-wide: give each application
 * on a server its own name. Applications with the same name share the namespace and its levels;
 * each has its own handler there, one of them writes, and one stopping leaves the other's in place.
 */
public final class JsonLogging {

  /** The configuration key of the application name: {@value}. */
  public static final String APP_NAME_KEY = "barterdude.default.app-name";

  /** The application name when {@link #APP_NAME_KEY} is not set: {@value}. */
  public static final String APP_NAME_DEFAULT = "barterdude";

  /** The configuration key of the default level of JSON loggers: {@value}. */
  public static final String LOG_LEVEL_KEY = "barterdude.default.log-level";

  /** The default level when {@link #LOG_LEVEL_KEY} is not set: {@value} (INFO). */
  public static final String LOG_LEVEL_DEFAULT = "20";

  /** The configuration key of the redaction flag: {@value}. */
  public static final String REDACTED_KEY = "barterdude.log.redacted";

  /** The redaction flag when {@link #REDACTED_KEY} is not set: {@value}. */
  public static final String REDACTED_DEFAULT = "true";

  /** The handlers this application (this copy of the library) installed, by namespace. */
  private static final Map<String, JsonLineHandler> INSTALLED = new HashMap<>();

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
    String value = read(REDACTED_KEY, REDACTED_DEFAULT).trim();
    return !(value.equals("0") || value.equalsIgnoreCase("false"));
  }

  /**
   * The application name that prefixes every JSON logger.
   *
   * @return {@code barterdude.default.app-name}
   */
  public static String appName() {
    return read(APP_NAME_KEY, APP_NAME_DEFAULT).trim();
  }

  /**
   * The default level of JSON loggers, from {@code BARTERDUDE_DEFAULT_LOG_LEVEL}: a Python level
   * number (0, 10, 20, 30, 40, 50) or a {@code java.util.logging} level name.
   *
   * @return the level; INFO when the setting cannot be read
   */
  public static Level defaultLevel() {
    return parseLevel(read(LOG_LEVEL_KEY, LOG_LEVEL_DEFAULT));
  }

  /**
   * Takes the JSON handlers this application installed off their namespaces, so that no logger
   * keeps its class loader; another application's handler on the same namespace stays. BarterDude
   * calls it when the application stops; a later {@link #getLogger(String)} installs a handler
   * again.
   */
  public static synchronized void uninstall() {
    INSTALLED.values().forEach(JsonLineHandler::uninstall);
    INSTALLED.clear();
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

  /** The application's namespace logger, with this application's handler on it. */
  private static synchronized Logger namespace() {
    return INSTALLED.computeIfAbsent(appName(), JsonLineHandler::install).namespace();
  }

  private static String read(String key, String defaultValue) {
    try {
      return ConfigProvider.getConfig().getOptionalValue(key, String.class).orElse(defaultValue);
    } catch (RuntimeException | LinkageError noConfig) {
      return defaultValue;
    }
  }
}
