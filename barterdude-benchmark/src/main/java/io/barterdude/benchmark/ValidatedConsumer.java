package io.barterdude.benchmark;

import io.barterdude.Consume;
import io.barterdude.Message;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The {@link PlainConsumer} with the seed's example JSON Schema: BarterDude validates each body
 * while parsing it, and {@link Message#json()} returns that parsed value.
 */
@ApplicationScoped
public class ValidatedConsumer {

  static final String NAME = PlainConsumer.NAME;

  void handle(
      @Observes
          @Consume(
              name = NAME,
              queues = "bd-bench-placeholder",
              validationSchema = "schemas/seed.json")
          Message message) {
    Sink sink = Sink.current();
    sink.awaitGate();
    sink.handled(message.json(), message.headers());
  }
}
