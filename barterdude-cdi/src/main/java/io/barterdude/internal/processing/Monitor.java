package io.barterdude.internal.processing;

import io.barterdude.Message;
import io.barterdude.hooks.BeforeConsume;
import io.barterdude.hooks.ConsumeFailed;
import io.barterdude.hooks.ConsumeSucceeded;
import io.barterdude.hooks.Hook;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Tells one consumer's hooks, then the event observers, about each moment of a message (the Python
 * BarterDude's {@code Monitor}). Never throws.
 */
final class Monitor {

  private final String consumer;
  private final List<NamedHook> hooks;
  private final Events events;
  private final HookErrors errors;

  Monitor(String consumer, List<NamedHook> hooks, Events events, HookErrors errors) {
    this.consumer = consumer;
    this.hooks = hooks;
    this.events = events;
    this.errors = errors;
  }

  void beforeConsume(Message message) {
    each("beforeConsume", hook -> hook.beforeConsume(message));
    if (!events.beforeConsume().isEmpty()) {
      events.beforeConsume().fire(new BeforeConsume(message, consumer), "beforeConsume");
    }
  }

  void onSuccess(Message message, Duration duration) {
    each("onSuccess", hook -> hook.onSuccess(message, duration));
    if (!events.succeeded().isEmpty()) {
      events.succeeded().fire(new ConsumeSucceeded(message, consumer, duration), "onSuccess");
    }
  }

  void onFail(Message message, Throwable error, Duration duration) {
    each("onFail", hook -> hook.onFail(message, error, duration));
    if (!events.failed().isEmpty()) {
      events.failed().fire(new ConsumeFailed(message, consumer, error, duration), "onFail");
    }
  }

  private void each(String moment, Consumer<Hook> call) {
    for (NamedHook hook : hooks) {
      try {
        call.accept(hook.hook());
      } catch (Throwable e) {
        errors.record(hook.name(), moment, e);
      }
    }
  }
}
