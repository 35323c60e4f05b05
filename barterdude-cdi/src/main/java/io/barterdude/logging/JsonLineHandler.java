package io.barterdude.logging;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
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
 * while a span is current on the logging thread ({@link TraceIds}), and the exception with its
 * traceback.
 *
 * <p>One handler belongs to one application: {@link #install} puts it on the application's
 * namespace logger and {@link #uninstall} takes it off when the application stops, so that no
 * logger keeps a stopped application's class loader. Loggers are JVM-wide, so applications with the
 * same name share a namespace: each puts its own handler there, the first one (by class name,
 * whichever application's copy of this class it is) writes, and when its application stops the next
 * one takes over.
 */
final class JsonLineHandler extends Handler {

  private final String appName;
  private final Logger namespace;
  private final JsonProvider json = JsonProvider.provider();
  private final SimpleFormatter messages = new SimpleFormatter();

  private JsonLineHandler(String appName, Logger namespace) {
    this.appName = appName;
    this.namespace = namespace;
  }

  /**
   * Puts a new handler on the namespace logger named after the application; its lines go there
   * only, not to the server's log handlers.
   *
   * @param appName the application's name, written as {@code app_name} in every line
   * @return the handler, to {@link #uninstall} when the application stops
   */
  static JsonLineHandler install(String appName) {
    Logger namespace = Logger.getLogger(appName);
    JsonLineHandler handler = new JsonLineHandler(appName, namespace);
    // the logger is the one object every application's copy of this class shares
    synchronized (namespace) {
      namespace.addHandler(handler);
      namespace.setUseParentHandlers(false);
    }
    return handler;
  }

  /**
   * Takes this handler off its namespace; the namespace's lines go to the server's log handlers
   * again unless another application's JSON handler is still there.
   */
  void uninstall() {
    synchronized (namespace) {
      namespace.removeHandler(this);
      if (Arrays.stream(namespace.getHandlers()).noneMatch(JsonLineHandler::isJsonLineHandler)) {
        namespace.setUseParentHandlers(true);
      }
    }
    close();
  }

  /** The logger this handler is on, named after the application. */
  Logger namespace() {
    return namespace;
  }

  @Override
  public void publish(LogRecord record) {
    if (isLoggable(record) && writesForNamespace()) {
      System.out.println(format(record));
    }
  }

  /** The JSON line for a record. */
  String format(LogRecord record) {
    JsonObjectBuilder line =
        json.createObjectBuilder()
            .add("timestamp", Instant.ofEpochMilli(record.getMillis()).toString())
            .add("level", record.getLevel().getName())
            .add("logger", String.valueOf(record.getLoggerName()))
            .add("app_name", appName)
            .add("message", String.valueOf(messages.formatMessage(record)));
    Object[] parameters = record.getParameters();
    if (parameters != null && parameters.length > 0 && parameters[0] instanceof JsonObject fields) {
      fields.forEach(line::add);
    }
    TraceIds.current()
        .ifPresent(ids -> line.add("trace_id", ids.traceId()).add("span_id", ids.spanId()));
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

  /**
   * Whether this is the first JSON handler on the namespace: when applications share a name, one
   * line per record.
   */
  private boolean writesForNamespace() {
    return Arrays.stream(namespace.getHandlers())
        .filter(JsonLineHandler::isJsonLineHandler)
        .findFirst()
        .map(first -> first == this)
        .orElse(false);
  }

  /**
   * Whether a handler is a JSON handler, from this application's copy of the class or another's.
   */
  private static boolean isJsonLineHandler(Handler handler) {
    return handler.getClass().getName().equals(JsonLineHandler.class.getName());
  }

  private static String traceback(Throwable error) {
    StringWriter text = new StringWriter();
    error.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
