package io.barterdude.hooks;

import io.barterdude.Message;
import java.time.Duration;

/**
 * CDI event fired after a consumer's handler returned normally, after the hooks' {@code onSuccess}.
 *
 * @param message the message
 * @param consumer the consumer's name ({@code @Consume(name)}, or else {@code SimpleClass.method})
 * @param duration how long validation and the handler took
 */
public record ConsumeSucceeded(Message message, String consumer, Duration duration) {}
