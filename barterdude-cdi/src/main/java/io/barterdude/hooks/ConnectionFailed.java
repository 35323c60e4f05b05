package io.barterdude.hooks;

/**
 * CDI event fired when connecting to the broker fails or an established connection is lost, after
 * the hooks' {@code onConnectionFail}.
 *
 * @param error the cause
 * @param retries consecutive failures so far, including this one (1 for the first)
 */
public record ConnectionFailed(Throwable error, int retries) {}
