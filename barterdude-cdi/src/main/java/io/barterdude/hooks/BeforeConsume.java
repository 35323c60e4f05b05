package io.barterdude.hooks;

import io.barterdude.Message;

/**
 * CDI event fired before a consumer's handler runs, after the hooks' {@code beforeConsume}. Observe
 * it with {@code void on(@Observes BeforeConsume event)}; {@code @Priority} orders observers.
 *
 * @param message the message
 * @param consumer the consumer's name ({@code @Consume(name)}, or else {@code SimpleClass.method})
 */
public record BeforeConsume(Message message, String consumer) {}
