package io.barterdude.internal.processing;

import io.barterdude.hooks.BeforeConsume;
import io.barterdude.hooks.ConnectionFailed;
import io.barterdude.hooks.ConsumeFailed;
import io.barterdude.hooks.ConsumeSucceeded;
import io.barterdude.hooks.ConsumerCancelled;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * The observers of BarterDude's CDI events, resolved once at startup.
 *
 * @param beforeConsume observers of {@link BeforeConsume}
 * @param succeeded observers of {@link ConsumeSucceeded}
 * @param failed observers of {@link ConsumeFailed}
 * @param connectionFailed observers of {@link ConnectionFailed}
 * @param consumerCancelled observers of {@link ConsumerCancelled}
 */
record Events(
    EventNotifier<BeforeConsume> beforeConsume,
    EventNotifier<ConsumeSucceeded> succeeded,
    EventNotifier<ConsumeFailed> failed,
    EventNotifier<ConnectionFailed> connectionFailed,
    EventNotifier<ConsumerCancelled> consumerCancelled) {

  static Events resolve(BeanManager beanManager, HookErrors errors) {
    return new Events(
        new EventNotifier<>(beanManager, new BeforeConsume(null, null), errors),
        new EventNotifier<>(beanManager, new ConsumeSucceeded(null, null, null), errors),
        new EventNotifier<>(beanManager, new ConsumeFailed(null, null, null, null), errors),
        new EventNotifier<>(beanManager, new ConnectionFailed(null, 0), errors),
        new EventNotifier<>(beanManager, new ConsumerCancelled(null, null), errors));
  }
}
