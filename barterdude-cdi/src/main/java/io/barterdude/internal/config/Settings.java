package io.barterdude.internal.config;

import static io.barterdude.internal.config.ConfigKeys.ACK_BATCH_SIZE;
import static io.barterdude.internal.config.ConfigKeys.ACK_FLUSH;
import static io.barterdude.internal.config.ConfigKeys.CALLBACK_ENABLED;
import static io.barterdude.internal.config.ConfigKeys.CALLBACK_ROLE;
import static io.barterdude.internal.config.ConfigKeys.CONNECT;
import static io.barterdude.internal.config.ConfigKeys.DEAD_LETTER;
import static io.barterdude.internal.config.ConfigKeys.DECLARE_QUEUES;
import static io.barterdude.internal.config.ConfigKeys.HANDLER_TIMEOUT;
import static io.barterdude.internal.config.ConfigKeys.HEALTH_MAX_CONNECTION_FAILS;
import static io.barterdude.internal.config.ConfigKeys.HEALTH_SUCCESS_RATE;
import static io.barterdude.internal.config.ConfigKeys.HEALTH_WINDOW;
import static io.barterdude.internal.config.ConfigKeys.MAX_ATTEMPTS;
import static io.barterdude.internal.config.ConfigKeys.METRICS_LABELS;
import static io.barterdude.internal.config.ConfigKeys.METRICS_QUEUE_DEPTH_INTERVAL;
import static io.barterdude.internal.config.ConfigKeys.PREFETCH;
import static io.barterdude.internal.config.ConfigKeys.PUBLISH_BLOCKED_TIMEOUT;
import static io.barterdude.internal.config.ConfigKeys.PUBLISH_CONFIRM_TIMEOUT;
import static io.barterdude.internal.config.ConfigKeys.PUBLISH_MANDATORY;
import static io.barterdude.internal.config.ConfigKeys.RECONNECT_DELAY;
import static io.barterdude.internal.config.ConfigKeys.RECONNECT_MAX_DELAY;
import static io.barterdude.internal.config.ConfigKeys.REPLAY_ENABLED;
import static io.barterdude.internal.config.ConfigKeys.REPLAY_ROLE;
import static io.barterdude.internal.config.ConfigKeys.RETRY_DELAY;
import static io.barterdude.internal.config.ConfigKeys.RETRY_MAX_DELAY;
import static io.barterdude.internal.config.ConfigKeys.SHUTDOWN_TIMEOUT;

import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * The validated connection and runtime settings, read once from MicroProfile Config. {@link
 * #toString()} never shows a password.
 *
 * @param connect whether to connect to the broker at startup
 * @param broker where and how to connect
 * @param prefetch the per-consumer prefetch
 * @param declareQueues whether consumed queues are declared at startup
 * @param shutdownTimeout how long shutdown waits for in-flight handlers
 * @param publishConfirmTimeout how long a publish waits for its confirm
 * @param publishBlockedTimeout how long a publish waits while the broker blocks publishers
 * @param publishMandatory whether an unroutable publish fails
 * @param reconnect the backoff of reconnects and resubscriptions
 * @param ackBatchSize acks coalesced into one multiple ack (each consumer caps it at half its
 *     prefetch)
 * @param ackFlush longest wait of a coalesced ack
 * @param maxAttempts deliveries of a failing message before it is dropped; 0 for no limit
 * @param retryDelay wait before the first retry of a failed message; zero for none
 * @param retryMaxDelay longest wait between two retries
 * @param deadLetter whether given-up messages go to {@code <queue>.dlq} ({@code dead-letter=auto})
 * @param handlerTimeout longest handler run; zero for no limit
 * @param health the healthcheck's thresholds
 * @param metricsLabels constant tags of BarterDude's metrics, in order
 * @param queueDepthInterval how often the consumed queues' depth is sampled; zero for never
 * @param callbackEnabled whether the callback endpoint answers
 * @param callbackRole the role its callers need, or null
 * @param replayEnabled whether the dead-letter replay route answers
 * @param replayRole the role its callers need, or null
 */
public record Settings(
    boolean connect,
    BrokerSettings broker,
    int prefetch,
    boolean declareQueues,
    Duration shutdownTimeout,
    Duration publishConfirmTimeout,
    Duration publishBlockedTimeout,
    boolean publishMandatory,
    Backoff reconnect,
    int ackBatchSize,
    Duration ackFlush,
    int maxAttempts,
    Duration retryDelay,
    Duration retryMaxDelay,
    boolean deadLetter,
    Duration handlerTimeout,
    Health health,
    Map<String, String> metricsLabels,
    Duration queueDepthInterval,
    boolean callbackEnabled,
    String callbackRole,
    boolean replayEnabled,
    String replayRole) {

  /**
   * The healthcheck's thresholds.
   *
   * @param successRate the lowest healthy success rate
   * @param windowSeconds the sliding window's length
   * @param maxConnectionFails consecutive connection failures that make it fail
   */
  public record Health(double successRate, int windowSeconds, int maxConnectionFails) {}

  /**
   * Reads and validates every key.
   *
   * @param config the configuration
   * @return the settings
   * @throws InvalidConfigurationException listing every invalid key
   */
  public static Settings from(Config config) {
    ConfigReader reader = new ConfigReader(config);
    Settings settings =
        new Settings(
            reader.bool(CONNECT),
            BrokerSettings.read(reader),
            reader.integer(PREFETCH, 1, 65_535),
            reader.bool(DECLARE_QUEUES),
            reader.millis(SHUTDOWN_TIMEOUT),
            reader.millis(PUBLISH_CONFIRM_TIMEOUT),
            reader.millis(PUBLISH_BLOCKED_TIMEOUT),
            reader.bool(PUBLISH_MANDATORY),
            new Backoff(reader.millis(RECONNECT_DELAY), reader.millis(RECONNECT_MAX_DELAY)),
            reader.integer(ACK_BATCH_SIZE, 1, 65_535),
            reader.millis(ACK_FLUSH),
            reader.integer(MAX_ATTEMPTS, 0, 1_000_000),
            Duration.ofMillis(reader.integer(RETRY_DELAY, 0, Integer.MAX_VALUE)),
            Duration.ofMillis(reader.integer(RETRY_MAX_DELAY, 1, Integer.MAX_VALUE)),
            reader.choice(DEAD_LETTER, "auto", "none").equals("auto"),
            Duration.ofMillis(reader.integer(HANDLER_TIMEOUT, 0, Integer.MAX_VALUE)),
            new Health(
                reader.decimal(HEALTH_SUCCESS_RATE, 0, 1),
                reader.integer(HEALTH_WINDOW, 1, 3600),
                reader.integer(HEALTH_MAX_CONNECTION_FAILS, 1, Integer.MAX_VALUE)),
            reader.labels(METRICS_LABELS),
            Duration.ofMillis(reader.integer(METRICS_QUEUE_DEPTH_INTERVAL, 0, Integer.MAX_VALUE)),
            reader.bool(CALLBACK_ENABLED),
            reader.raw(CALLBACK_ROLE),
            reader.bool(REPLAY_ENABLED),
            reader.raw(REPLAY_ROLE));
    reader.failIfInvalid();
    return settings;
  }

  @Override
  public String toString() {
    return "Settings[broker=" + broker + ", prefetch=" + prefetch + "]";
  }
}
