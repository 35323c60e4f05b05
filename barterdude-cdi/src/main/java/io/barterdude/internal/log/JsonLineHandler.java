package io.barterdude.internal.log;

import io.barterdude.internal.trace.TraceIds;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Arrays;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Writes each record as one JSON line on standard output: timestamp, level, logger, app_name,
 * message, the fields of a {@link JsonObject} first parameter, {@code trace_id} and {@code span_id}
 * while a span is current on the logging thread (MicroProfile Telemetry), and the exception with
 * its traceback. Loggers are JVM-wide: {@link #install} puts one on an application's namespace
 * logger and {@link #uninstall} takes it off when the application stops, so that a stopped
 * application's class loader is not kept by a logger that outlives it.
 */
public final class JsonLineHandler extends Handler {

  /** The logger this copy of the library put its handler on, and the handler; null if none. */
  private static Logger installedOn;

  private static JsonLineHandler installed;

  private final String appName;
  private final SimpleFormatter messages = new SimpleFormatter();

  /**
   * Creates the handler.
   *
   * @param appName written as {@code app_name} in every line
   */
  public JsonLineHandler(String appName) {
    this.appName = appName;
  }

  /**
   * Puts a handler on the application's namespace logger unless one is there already, possibly from
   * another application with the same name.
   *
   * @param namespace the logger named after the application
   * @param appName the application's name
   */
  public static synchronized void install(Logger namespace, String appName) {
    boolean present =
        Arrays.stream(namespace.getHandlers())
            .anyMatch(
                handler -> handler.getClass().getName().equals(JsonLineHandler.class.getName()));
    if (!present) {
      installed = new JsonLineHandler(appName);
      installedOn = namespace;
      namespace.addHandler(installed);
      namespace.setUseParentHandlers(false);
    }
  }

  /** Takes off the handler {@link #install} put on, if any: the application stops. */
  public static synchronized void uninstall() {
    if (installed != null) {
      installedOn.removeHandler(installed);
      installedOn.setUseParentHandlers(true);
      installed.close();
      installed = null;
      installedOn = null;
    }
  }

  @Override
  public void publish(LogRecord record) {
    if (isLoggable(record)) {
      System.out.println(format(record));
    }
  }

  /** The JSON line for a record. */
  public String format(LogRecord record) {
    JsonObjectBuilder line =
        Json.createObjectBuilder()
            .add("timestamp", Instant.ofEpochMilli(record.getMillis()).toString())
            .add("level", record.getLevel().getName())
            .add("logger", String.valueOf(record.getLoggerName()))
            .add("app_name", appName)
            .add("message", String.valueOf(messages.formatMessage(record)));
    Object[] parameters = record.getParameters();
    if (parameters != null && parameters.length > 0 && parameters[0] instanceof JsonObject fields) {
      fields.forEach(line::add);
    }
    TraceIds.Ids trace = TraceIds.current();
    if (trace != null) {
      line.add("trace_id", trace.traceId()).add("span_id", trace.spanId());
    }
    if (record.getThrown() != null) {
      line.add("exception", record.getThrown().toString());
      line.add("traceback", traceback(record.getThrown()));
    }
    return line.build().toString();
  }

  @Override
  public void flush() {
    System.out.flush();
  }

  @Override
  public void close() {
    flush();
  }

  private static String traceback(Throwable error) {
    StringWriter text = new StringWriter();
    error.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
