package io.barterdude.internal.config;

import static io.barterdude.internal.config.ConfigKeys.ACK_BATCH_SIZE;
import static io.barterdude.internal.config.ConfigKeys.ACK_FLUSH;
import static io.barterdude.internal.config.ConfigKeys.ADDRESSES;
import static io.barterdude.internal.config.ConfigKeys.CALLBACK_ENABLED;
import static io.barterdude.internal.config.ConfigKeys.CALLBACK_ROLE;
import static io.barterdude.internal.config.ConfigKeys.CONNECT;
import static io.barterdude.internal.config.ConfigKeys.CONNECTION_NAME;
import static io.barterdude.internal.config.ConfigKeys.DECLARE_QUEUES;
import static io.barterdude.internal.config.ConfigKeys.HANDLER_TIMEOUT;
import static io.barterdude.internal.config.ConfigKeys.HEALTH_MAX_CONNECTION_FAILS;
import static io.barterdude.internal.config.ConfigKeys.HEALTH_SUCCESS_RATE;
import static io.barterdude.internal.config.ConfigKeys.HEALTH_WINDOW;
import static io.barterdude.internal.config.ConfigKeys.HOSTNAME;
import static io.barterdude.internal.config.ConfigKeys.MAX_ATTEMPTS;
import static io.barterdude.internal.config.ConfigKeys.METRICS_LABELS;
import static io.barterdude.internal.config.ConfigKeys.PASSWORD;
import static io.barterdude.internal.config.ConfigKeys.PORT;
import static io.barterdude.internal.config.ConfigKeys.PREFETCH;
import static io.barterdude.internal.config.ConfigKeys.PUBLISH_CONFIRM_TIMEOUT;
import static io.barterdude.internal.config.ConfigKeys.PUBLISH_MANDATORY;
import static io.barterdude.internal.config.ConfigKeys.RECONNECT_DELAY;
import static io.barterdude.internal.config.ConfigKeys.RECONNECT_MAX_DELAY;
import static io.barterdude.internal.config.ConfigKeys.RETRY_DELAY;
import static io.barterdude.internal.config.ConfigKeys.SHUTDOWN_TIMEOUT;
import static io.barterdude.internal.config.ConfigKeys.USERNAME;
import static io.barterdude.internal.config.ConfigKeys.VIRTUAL_HOST;

import com.rabbitmq.client.Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * The validated connection and runtime settings, read once from MicroProfile Config. {@link
 * #toString()} never shows the password.
 *
 * @param connect whether to connect to the broker at startup
 * @param addresses the broker addresses, tried in order
 * @param username the user name
 * @param password the password
 * @param virtualHost the virtual host
 * @param prefetch the per-consumer prefetch
 * @param connectionName the client-provided connection name
 * @param declareQueues whether consumed queues are declared at startup
 * @param shutdownTimeout how long shutdown waits for in-flight handlers
 * @param publishConfirmTimeout how long a publish waits for its confirm
 * @param publishMandatory whether an unroutable publish fails
 * @param reconnectDelay the first reconnect delay
 * @param reconnectMaxDelay the longest reconnect delay
 * @param ackBatchSize acks coalesced into one multiple ack, already capped at half the prefetch
 * @param ackFlush longest wait of a coalesced ack
 * @param maxAttempts deliveries of a failing message before it is dropped; 0 for no limit
 * @param retryDelay wait before a failed message is requeued; zero for none
 * @param handlerTimeout longest handler run; zero for no limit
 * @param health the healthcheck's thresholds
 * @param metricsLabels constant tags of BarterDude's metrics, in order
 * @param callbackEnabled whether the callback endpoint answers
 * @param callbackRole the role its callers need, or null
 */
public record Settings(
    boolean connect,
    List<Address> addresses,
    String username,
    String password,
    String virtualHost,
    int prefetch,
    String connectionName,
    boolean declareQueues,
    Duration shutdownTimeout,
    Duration publishConfirmTimeout,
    boolean publishMandatory,
    Duration reconnectDelay,
    Duration reconnectMaxDelay,
    int ackBatchSize,
    Duration ackFlush,
    int maxAttempts,
    Duration retryDelay,
    Duration handlerTimeout,
    Health health,
    Map<String, String> metricsLabels,
    boolean callbackEnabled,
    String callbackRole) {

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
    Reader reader = new Reader(config);
    Settings settings =
        new Settings(
            reader.bool(CONNECT),
            reader.addresses(),
            reader.text(USERNAME),
            reader.text(PASSWORD),
            reader.text(VIRTUAL_HOST),
            reader.integer(PREFETCH, 1, 65_535),
            reader.text(CONNECTION_NAME),
            reader.bool(DECLARE_QUEUES),
            reader.millis(SHUTDOWN_TIMEOUT),
            reader.millis(PUBLISH_CONFIRM_TIMEOUT),
            reader.bool(PUBLISH_MANDATORY),
            reader.millis(RECONNECT_DELAY),
            reader.millis(RECONNECT_MAX_DELAY),
            reader.integer(ACK_BATCH_SIZE, 1, 65_535),
            reader.millis(ACK_FLUSH),
            reader.integer(MAX_ATTEMPTS, 0, 1_000_000),
            Duration.ofMillis(reader.integer(RETRY_DELAY, 0, Integer.MAX_VALUE)),
            Duration.ofMillis(reader.integer(HANDLER_TIMEOUT, 0, Integer.MAX_VALUE)),
            new Health(
                reader.decimal(HEALTH_SUCCESS_RATE, 0, 1),
                reader.integer(HEALTH_WINDOW, 1, 3600),
                reader.integer(HEALTH_MAX_CONNECTION_FAILS, 1, Integer.MAX_VALUE)),
            reader.labels(METRICS_LABELS),
            reader.bool(CALLBACK_ENABLED),
            reader.raw(CALLBACK_ROLE));
    reader.failIfInvalid();
    return settings;
  }

  /**
   * How many acks are coalesced: the configured batch, at most half the prefetch so that the broker
   * never waits for acks held back here.
   *
   * @return the effective batch size, at least 1
   */
  public int effectiveAckBatchSize() {
    return Math.max(1, Math.min(ackBatchSize, prefetch / 2));
  }

  /**
   * The delay before a reconnect or resubscribe attempt: the first delay, doubled per failed
   * attempt, at most the max delay.
   *
   * @param attempt the attempt that failed, from 1
   * @return the delay in milliseconds
   */
  public long reconnectDelayMillis(int attempt) {
    long first = reconnectDelay.toMillis();
    return Math.min(reconnectMaxDelay.toMillis(), first << Math.min(attempt - 1, 20));
  }

  @Override
  public String toString() {
    return "Settings[addresses="
        + addresses
        + ", username="
        + username
        + ", password=***, virtualHost="
        + virtualHost
        + ", prefetch="
        + prefetch
        + ", connectionName="
        + connectionName
        + "]";
  }

  /** Reads keys and collects every problem instead of stopping at the first. */
  private static final class Reader {
    private final Config config;
    private final List<String> problems = new ArrayList<>();

    Reader(Config config) {
      this.config = config;
    }

    String raw(ConfigKey key) {
      return config.getOptionalValue(key.name(), String.class).orElse(key.defaultValue());
    }

    String text(ConfigKey key) {
      String value = raw(key);
      if (value == null || value.isBlank()) {
        problems.add(key.name() + " must not be blank");
      }
      return value;
    }

    int integer(ConfigKey key, int min, int max) {
      String value = raw(key);
      try {
        int parsed = Integer.parseInt(value.trim());
        if (parsed >= min && parsed <= max) {
          return parsed;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      problems.add(
          key.name() + " must be an integer from " + min + " to " + max + ", was '" + value + "'");
      return min;
    }

    double decimal(ConfigKey key, double min, double max) {
      String value = raw(key);
      try {
        double parsed = Double.parseDouble(value.trim());
        if (parsed >= min && parsed <= max) {
          return parsed;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      problems.add(
          key.name() + " must be a number from " + min + " to " + max + ", was '" + value + "'");
      return min;
    }

    Map<String, String> labels(ConfigKey key) {
      String value = raw(key);
      Map<String, String> labels = new LinkedHashMap<>();
      if (value == null || value.isBlank()) {
        return labels;
      }
      for (String pair : value.split(",")) {
        String[] parts = pair.split("=", 2);
        if (parts.length != 2 || !parts[0].trim().matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
          problems.add(
              key.name() + " must be name=value pairs separated by commas, was '" + value + "'");
          return Map.of();
        }
        labels.put(parts[0].trim(), parts[1].trim());
      }
      return labels;
    }

    Duration millis(ConfigKey key) {
      return Duration.ofMillis(integer(key, 1, Integer.MAX_VALUE));
    }

    boolean bool(ConfigKey key) {
      String value = raw(key).trim();
      if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
        problems.add(key.name() + " must be true or false, was '" + value + "'");
      }
      return Boolean.parseBoolean(value);
    }

    List<Address> addresses() {
      String list = raw(ADDRESSES);
      if (list == null || list.isBlank()) {
        return List.of(new Address(text(HOSTNAME), integer(PORT, 1, 65_535)));
      }
      try {
        return List.of(Address.parseAddresses(list));
      } catch (RuntimeException e) {
        problems.add(ADDRESSES.name() + " must be a comma-separated host[:port] list");
        return List.of();
      }
    }

    void failIfInvalid() {
      if (!problems.isEmpty()) {
        throw new InvalidConfigurationException(problems);
      }
    }
  }
}
