package io.barterdude.arquillian.app;

import io.barterdude.hooks.BeforeConsume;
import io.barterdude.hooks.ConnectionFailed;
import io.barterdude.hooks.ConsumeFailed;
import io.barterdude.hooks.ConsumeSucceeded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Observes BarterDude's CDI events and writes each into the {@link Journal}. */
@ApplicationScoped
public class EventRecorder {

  @Inject Journal journal;

  void before(@Observes BeforeConsume event) {
    journal.add(event.message().text(), "event.BeforeConsume", event.consumer());
  }

  void succeeded(@Observes ConsumeSucceeded event) {
    journal.add(event.message().text(), "event.ConsumeSucceeded", event.consumer());
  }

  void failed(@Observes ConsumeFailed event) {
    journal.add(
        event.message().text(), "event.ConsumeFailed", event.error().getClass().getSimpleName());
  }

  void connectionFailed(@Observes ConnectionFailed event) {
    journal.add("connection", "event.ConnectionFailed", String.valueOf(event.retries()));
  }
}
