package io.barterdude.internal.processing;

import io.barterdude.hooks.ConnectionFailed;
import io.barterdude.hooks.ConsumerCancelled;
import io.barterdude.hooks.Hook;
import io.barterdude.internal.config.ConsumerDefinition;
import io.barterdude.internal.container.BeanReferences;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.util.Comparator;
import java.util.List;

/**
 * Every hook bean, in order (ascending {@link Priority}, 2500 when absent, then class name), and
 * the selection of hooks for each consumer. Also tells every hook and observer about connection
 * failures, and the observers about cancelled subscriptions.
 */
public final class HookChain {

  /** The priority of a hook class without {@link Priority}, as for CDI observers. */
  static final int DEFAULT_PRIORITY = 2500;

  private final List<NamedHook> hooks;
  private final Events events;
  private final HookErrors errors = new HookErrors();

  public HookChain(BeanManager beanManager) {
    this.hooks =
        beanManager.getBeans(Hook.class, Any.Literal.INSTANCE).stream()
            .sorted(
                Comparator.comparingInt(HookChain::priority).thenComparing(HookChain::className))
            .map(bean -> new NamedHook(bean.getBeanClass(), reference(beanManager, bean)))
            .toList();
    this.events = Events.resolve(beanManager, errors);
  }

  /** The monitor of a consumer: the hooks it selects, and the event observers. */
  public Monitor monitor(ConsumerDefinition consumer) {
    List<NamedHook> selected =
        hooks.stream().filter(hook -> consumer.selects(hook.beanClass())).toList();
    return new Monitor(consumer.name(), selected, events, errors);
  }

  public void onConnectionFail(Throwable error, int retries) {
    for (NamedHook hook : hooks) {
      try {
        hook.hook().onConnectionFail(error, retries);
      } catch (Throwable e) {
        errors.record(hook.name(), "onConnectionFail", e);
      }
    }
    events.connectionFailed().fire(new ConnectionFailed(error, retries), "onConnectionFail");
  }

  public void onConsumerCancelled(String consumer, String queue) {
    events.consumerCancelled().fire(new ConsumerCancelled(consumer, queue), "onConsumerCancelled");
  }

  public HookErrors errors() {
    return errors;
  }

  private static int priority(Bean<?> bean) {
    Priority priority = bean.getBeanClass().getAnnotation(Priority.class);
    return priority == null ? DEFAULT_PRIORITY : priority.value();
  }

  private static String className(Bean<?> bean) {
    return bean.getBeanClass().getName();
  }

  private static Hook reference(BeanManager beanManager, Bean<?> bean) {
    return (Hook) BeanReferences.longLived(beanManager, bean, Hook.class);
  }
}
