package io.barterdude.benchmark;

import io.barterdude.Consume;
import io.barterdude.Message;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** The BarterDude consumer of the drain: parses each body with {@link Message#json()}. */
@ApplicationScoped
public class PlainConsumer {

  /**
   * The consumer's configuration name: {@code barterdude.consumer.bench.queues} points it at each
   * run's own queue.
   */
  static final String NAME = "bench";

  void handle(@Observes @Consume(name = NAME, queues = "bd-bench-placeholder") Message message) {
    Sink sink = Sink.current();
    sink.awaitGate();
    sink.handled(message.json(), message.headers());
  }
}
