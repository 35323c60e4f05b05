package io.barterdude.sample;

import io.barterdude.BarterDude;
import io.barterdude.Consume;
import io.barterdude.Message;
import io.barterdude.validation.MessageValidation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;

/**
 * The Python BarterDude README's schema validation, both ways. Every message of {@code
 * validated_queue} must match {@code schemas/message.json} (an object with a string {@code key})
 * before it reaches the handler; one that does not is dropped, not requeued. The handler checks
 * what it publishes against the same schema before forwarding it to {@code my_exchange}.
 */
@ApplicationScoped
public class ValidatedConsumer {

  static final String SCHEMA = "schemas/message.json";

  private final MessageValidation outgoing =
      MessageValidation.fromResource(SCHEMA, ValidatedConsumer.class.getClassLoader());

  @Inject BarterDude barterdude;

  @TimedHandler
  void forwardValid(
      @Observes
          @Consume(
              queues = "validated_queue",
              validationSchema = SCHEMA,
              requeueOnValidationFail = false)
          Message msg) {
    JsonValue message = msg.json();
    outgoing.validate(message);
    barterdude.publish("my_exchange", message);
  }
}
