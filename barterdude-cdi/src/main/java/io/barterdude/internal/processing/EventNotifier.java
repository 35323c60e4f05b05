package io.barterdude.internal.processing;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.EventContext;
import jakarta.enterprise.inject.spi.EventMetadata;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.inject.spi.ObserverMethod;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Notifies the observers of one event type, resolved once at startup and ordered by priority. Each
 * observer is called on its own, so one that throws neither stops the others nor reaches the
 * caller: it goes to the {@link HookErrors}. CDI's own {@code Event.fire} cannot be used for this:
 * it stops at the first observer that throws and hands the exception to the handler's thread, and
 * BarterDude promises every observer every event.
 */
final class EventNotifier<T> {

  private final List<ObserverMethod<? super T>> observers;
  private final HookErrors errors;

  EventNotifier(BeanManager beanManager, T sample, HookErrors errors) {
    this.observers =
        beanManager.resolveObserverMethods(sample).stream()
            .sorted(Comparator.comparingInt(ObserverMethod::getPriority))
            .toList();
    this.errors = errors;
  }

  /** Whether nobody observes the event, so that callers can skip building it. */
  boolean isEmpty() {
    return observers.isEmpty();
  }

  void fire(T event, String moment) {
    for (ObserverMethod<? super T> observer : observers) {
      try {
        observer.notify(new Context<>(event));
      } catch (Throwable e) {
        errors.record("observer " + observer.getBeanClass().getName(), moment, e);
      }
    }
  }

  /** The event and minimal metadata, as CDI gives observers. */
  private record Context<E>(E event) implements EventContext<E>, EventMetadata {
    @Override
    public E getEvent() {
      return event;
    }

    @Override
    public EventMetadata getMetadata() {
      return this;
    }

    @Override
    public Set<Annotation> getQualifiers() {
      return Set.of(Any.Literal.INSTANCE);
    }

    @Override
    public InjectionPoint getInjectionPoint() {
      return null;
    }

    @Override
    public Type getType() {
      return event.getClass();
    }
  }
}
