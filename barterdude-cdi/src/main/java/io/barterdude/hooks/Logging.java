package io.barterdude.hooks;

import io.barterdude.Message;
import io.barterdude.MessageFormatException;
import io.barterdude.logging.JsonLogging;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The built-in logging hook: one JSON line per moment on the logger {@code
 * <app-name>.hooks.logging} (see {@link JsonLogging}). Before-consume and success lines are at FINE
 * (so a busy consumer does not flood the server log; set {@code BARTERDUDE_DEFAULT_LOG_LEVEL=10} to
 * see them), failures and connection failures at SEVERE. Lines carry the delivery tag and queue,
 * and the exception and its traceback where there is one (the error is the record's {@link
 * java.util.logging.LogRecord#getThrown() thrown}, which the JSON line writes out). The body is
 * added as {@code message_body} only when redaction is off ({@code BARTERDUDE_LOG_REDACTED=0}); a
 * body that is not JSON then gives {@code message_body_error} instead.
 */
@ApplicationScoped
@Priority(100)
public class Logging implements Hook {

  private final Logger logger = JsonLogging.getLogger("hooks.logging");
  private final boolean redacted = JsonLogging.isRedacted();

  @Override
  public void beforeConsume(Message message) {
    if (logger.isLoggable(Level.FINE)) {
      logger.log(Level.FINE, "Before consume message", fields(message).build());
    }
  }

  @Override
  public void onSuccess(Message message) {
    if (logger.isLoggable(Level.FINE)) {
      logger.log(Level.FINE, "Successfully consumed message", fields(message).build());
    }
  }

  @Override
  public void onFail(Message message, Throwable error) {
    logFailure("Failed to consume message", fields(message), error);
  }

  @Override
  public void onConnectionFail(Throwable error, int retries) {
    logFailure(
        "Failed to connect to the broker",
        Json.createObjectBuilder().add("retries", retries),
        error);
  }

  /** A SEVERE line with the error attached, whose exception and traceback the JSON line gets. */
  private void logFailure(String text, JsonObjectBuilder fields, Throwable error) {
    LogRecord record = new LogRecord(Level.SEVERE, text);
    record.setLoggerName(logger.getName());
    record.setParameters(new Object[] {fields.build()});
    record.setThrown(error);
    logger.log(record);
  }

  private JsonObjectBuilder fields(Message message) {
    JsonObjectBuilder fields =
        Json.createObjectBuilder()
            .add("delivery_tag", message.envelope().getDeliveryTag())
            .add("queue", message.queue());
    if (!redacted) {
      try {
        fields.add("message_body", message.json());
      } catch (MessageFormatException e) {
        fields.add("message_body_error", e.getMessage());
      }
    }
    return fields;
  }
}
