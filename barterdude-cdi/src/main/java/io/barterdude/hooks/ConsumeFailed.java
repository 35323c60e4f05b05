package io.barterdude.hooks;

import io.barterdude.Message;
import java.time.Duration;

/**
 * CDI event fired after a consumer's handler threw or its message failed validation, after the
 * hooks' {@code onFail}.
 *
 * @param message the message
 * @param consumer the consumer's name ({@code @Consume(name)}, or else {@code SimpleClass.method})
 * @param error what the handler threw, or the validation error
 * @param duration how long validation and the handler took
 */
public record ConsumeFailed(Message message, String consumer, Throwable error, Duration duration) {}
