package io.barterdude.internal.config;

import io.barterdude.logging.JsonLogging;
import java.util.List;

/** Every configuration key BarterDude reads, with its default and description. */
public final class ConfigKeys {

  public static final ConfigKey HOSTNAME =
      new ConfigKey("barterdude.hostname", "127.0.0.1", "Broker host name.");
  public static final ConfigKey PORT =
      new ConfigKey("barterdude.port", "5672", "Broker AMQP port.");
  public static final ConfigKey CONNECT =
      new ConfigKey(
          "barterdude.connect",
          "true",
          "Connect to the broker at startup; false runs consumers only through ConsumerTester"
              + " (unit tests).");
  public static final ConfigKey ADDRESSES =
      new ConfigKey(
          "barterdude.addresses",
          null,
          "Comma-separated host[:port] list of the cluster's nodes: each connect and recovery tries"
              + " them (see address-shuffle) until one answers; replaces hostname and port.");
  public static final ConfigKey ADDRESS_SHUFFLE =
      new ConfigKey(
          "barterdude.address-shuffle",
          "random",
          "Order in which each connect and recovery tries the addresses: random (a new shuffle"
              + " each time, so that instances spread over the nodes) or none (the order listed:"
              + " the first node that answers).");
  public static final ConfigKey URI =
      new ConfigKey(
          "barterdude.uri",
          null,
          "Broker URI, amqp://user:password@host:port/vhost or amqps://... for TLS; replaces"
              + " hostname, port, username, password and virtual-host (never logged).");
  public static final ConfigKey USERNAME =
      new ConfigKey("barterdude.username", "guest", "Broker user name.");
  public static final ConfigKey PASSWORD =
      new ConfigKey("barterdude.password", "guest", "Broker password; never logged.");
  public static final ConfigKey AUTH_MECHANISM =
      new ConfigKey(
          "barterdude.auth-mechanism",
          "PLAIN",
          "SASL mechanism: PLAIN (user name and password, or a CredentialsProvider bean) or"
              + " EXTERNAL (the TLS client certificate, no password).");
  public static final ConfigKey TLS_ENABLED =
      new ConfigKey(
          "barterdude.tls.enabled",
          "false",
          "Connect with TLS (implied by an amqps:// URI); port 5671 unless one is given.");
  public static final ConfigKey TLS_TRUST_STORE =
      new ConfigKey(
          "barterdude.tls.trust-store",
          null,
          "Trust store file with the CA of the broker's certificate; the JVM's default trust store"
              + " when unset.");
  public static final ConfigKey TLS_TRUST_STORE_TYPE =
      new ConfigKey("barterdude.tls.trust-store-type", "PKCS12", "PKCS12 or JKS.");
  public static final ConfigKey TLS_TRUST_STORE_PASSWORD =
      new ConfigKey(
          "barterdude.tls.trust-store-password", null, "Trust store password; never logged.");
  public static final ConfigKey TLS_KEY_STORE =
      new ConfigKey(
          "barterdude.tls.key-store",
          null,
          "Key store file with the client certificate and key, for mutual TLS.");
  public static final ConfigKey TLS_KEY_STORE_TYPE =
      new ConfigKey("barterdude.tls.key-store-type", "PKCS12", "PKCS12 or JKS.");
  public static final ConfigKey TLS_KEY_STORE_PASSWORD =
      new ConfigKey("barterdude.tls.key-store-password", null, "Key store password; never logged.");
  public static final ConfigKey TLS_PROTOCOLS =
      new ConfigKey(
          "barterdude.tls.protocols", "TLSv1.3,TLSv1.2", "Allowed TLS versions, comma-separated.");
  public static final ConfigKey TLS_VERIFY_HOSTNAME =
      new ConfigKey(
          "barterdude.tls.verify-hostname",
          "true",
          "Check that the broker's certificate names the host connected to; false (logged as a"
              + " warning at startup) only for test brokers.");
  public static final ConfigKey HEARTBEAT =
      new ConfigKey(
          "barterdude.heartbeat-seconds",
          "60",
          "Heartbeat interval asked of the broker, 0 to 3600 (0 disables heartbeats).");
  public static final ConfigKey CONNECTION_TIMEOUT =
      new ConfigKey(
          "barterdude.connection-timeout-ms", "10000", "TCP connect timeout of each attempt.");
  public static final ConfigKey HANDSHAKE_TIMEOUT =
      new ConfigKey(
          "barterdude.handshake-timeout-ms",
          "10000",
          "Longest AMQP (and TLS) handshake of each connection attempt.");
  public static final ConfigKey VIRTUAL_HOST =
      new ConfigKey("barterdude.virtual-host", "/", "Broker virtual host.");
  public static final ConfigKey PREFETCH =
      new ConfigKey(
          "barterdude.prefetch",
          "250",
          "Unacknowledged messages the broker sends each consumer per queue before waiting, >= 1;"
              + " they include messages waiting for the confirms of what their handler published.");
  public static final ConfigKey CONNECTION_NAME =
      new ConfigKey(
          "barterdude.connection-name",
          "barterdude",
          "Names the two connections <name>-consume and <name>-publish; the broker shows them in"
              + " rabbitmqctl list_connections client_properties (connection_name).");
  public static final ConfigKey DECLARE_QUEUES =
      new ConfigKey(
          "barterdude.declare-queues",
          "true",
          "Declare each consumed queue (durable) at startup when it does not exist.");
  public static final ConfigKey SHUTDOWN_TIMEOUT =
      new ConfigKey(
          "barterdude.shutdown-timeout-ms",
          "30000",
          "How long shutdown waits for in-flight handlers before closing the connection.");
  public static final ConfigKey PUBLISH_CONFIRM_TIMEOUT =
      new ConfigKey(
          "barterdude.publish-confirm-timeout-ms",
          "10000",
          "How long publish waits for the broker's confirm before failing.");
  public static final ConfigKey PUBLISH_BLOCKED_TIMEOUT =
      new ConfigKey(
          "barterdude.publish-blocked-timeout-ms",
          "5000",
          "How long a publish waits while the broker blocks publishers (memory or disk alarm)"
              + " before failing with PublishException (reason BLOCKED).");
  public static final ConfigKey PUBLISH_MANDATORY =
      new ConfigKey(
          "barterdude.publish-mandatory",
          "true",
          "Fail a publish that no queue is bound for (PublishException) instead of letting the"
              + " broker drop it silently.");
  public static final ConfigKey RECONNECT_DELAY =
      new ConfigKey(
          "barterdude.reconnect-delay-ms",
          "1000",
          "First delay before reconnecting; it doubles on each failed attempt.");
  public static final ConfigKey RECONNECT_MAX_DELAY =
      new ConfigKey(
          "barterdude.reconnect-max-delay-ms", "30000", "Longest delay between two reconnects.");

  public static final ConfigKey CALLBACK_ENABLED =
      new ConfigKey(
          "barterdude.callback.enabled",
          "false",
          "Serve POST /barterdude/callback/{consumer}, which runs a consumer on a request's"
              + " message: never turn it on where untrusted clients can reach it.");
  public static final ConfigKey REPLAY_ENABLED =
      new ConfigKey(
          "barterdude.replay.enabled",
          "false",
          "Serve POST /barterdude/dead-letters/{queue}/replay, which moves the messages of the"
              + " queue's .dlq back to it.");
  public static final ConfigKey REPLAY_ROLE =
      new ConfigKey(
          "barterdude.replay.role",
          null,
          "Role a caller of the replay route must have (none when unset).");
  public static final ConfigKey CALLBACK_ROLE =
      new ConfigKey(
          "barterdude.callback.role",
          null,
          "Role a caller of the callback endpoint must have (none when unset).");
  public static final ConfigKey LOG_REDACTED =
      new ConfigKey(
          JsonLogging.REDACTED_KEY,
          JsonLogging.REDACTED_DEFAULT,
          "Keep message bodies out of the Logging hook's lines; 0 or false logs them.");
  public static final ConfigKey APP_NAME =
      new ConfigKey(
          JsonLogging.APP_NAME_KEY,
          JsonLogging.APP_NAME_DEFAULT,
          "Namespace of the JSON loggers (JsonLogging.getLogger), and their app_name field.");
  public static final ConfigKey LOG_LEVEL =
      new ConfigKey(
          JsonLogging.LOG_LEVEL_KEY,
          JsonLogging.LOG_LEVEL_DEFAULT,
          "Level of the JSON loggers: Python numbers (10 debug, 20 info, 30 warning, 40 error)"
              + " or java.util.logging names.");

  public static final ConfigKey ACK_BATCH_SIZE =
      new ConfigKey(
          "barterdude.ack-batch-size",
          "32",
          "Acks that, once waiting, are sent at once as one multiple ack (at most half the"
              + " prefetch); with 1 an ack waits only for older messages still in flight.");
  public static final ConfigKey ACK_FLUSH =
      new ConfigKey(
          "barterdude.ack-flush-ms",
          "5",
          "Period of the timer that sends the coalesced acks still waiting: an ack waits at most"
              + " about one period, two behind an older unfinished message.");
  public static final ConfigKey MAX_ATTEMPTS =
      new ConfigKey(
          "barterdude.max-attempts",
          "5",
          "Deliveries of a failing message before it is given up: moved to the queue's .dlq with"
              + " dead-letter=auto, else rejected without requeue (dead-lettered if its queue has a"
              + " dead-letter exchange); 0 retries forever.");
  public static final ConfigKey RETRY_DELAY =
      new ConfigKey(
          "barterdude.retry-delay-ms",
          "0",
          "Wait before the first retry of a failed message, doubled at each further failure; the"
              + " message waits on the broker, in the queue's .retry.MS queue; 0 requeues at"
              + " once.");
  public static final ConfigKey RETRY_MAX_DELAY =
      new ConfigKey("barterdude.retry-max-delay-ms", "300000", "Longest wait between two retries.");
  public static final ConfigKey DEAD_LETTER =
      new ConfigKey(
          "barterdude.dead-letter",
          "none",
          "auto: declare the queue's .dlq (and the queue's dead-letter arguments when BarterDude"
              + " declares it) and move given-up messages there with the reason in headers; none:"
              + " reject them without requeue.");
  public static final ConfigKey HANDLER_TIMEOUT =
      new ConfigKey(
          "barterdude.handler-timeout-ms",
          "1500000",
          "Longest handler run before the message fails with HandlerTimeoutException; keep it"
              + " below the broker's consumer_timeout (30 min by default); 0 disables it.");
  public static final ConfigKey HEALTH_SUCCESS_RATE =
      new ConfigKey(
          "barterdude.healthcheck.success-rate",
          "0.95",
          "Lowest healthy success rate of the messages in the window, from 0 to 1.");
  public static final ConfigKey HEALTH_WINDOW =
      new ConfigKey(
          "barterdude.healthcheck.window-seconds",
          "60",
          "Length of the healthcheck's sliding window, in seconds (1 to 3600).");
  public static final ConfigKey HEALTH_MAX_CONNECTION_FAILS =
      new ConfigKey(
          "barterdude.healthcheck.max-connection-fails",
          "3",
          "Consecutive connection failures that make the healthcheck (and liveness) fail.");
  public static final ConfigKey METRICS_LABELS =
      new ConfigKey(
          "barterdude.metrics.labels",
          null,
          "Constant tags on BarterDude's metrics, e.g. app_name=my_app,team_name=my_team.");
  public static final ConfigKey METRICS_QUEUE_DEPTH_INTERVAL =
      new ConfigKey(
          "barterdude.metrics.queue-depth-interval-ms",
          "10000",
          "How often the depth gauges of the consumed queues are sampled (passive declare); 0 for"
              + " never.");

  /** All keys, in the order the README lists them. */
  public static final List<ConfigKey> ALL =
      List.of(
          CONNECT,
          HOSTNAME,
          PORT,
          ADDRESSES,
          ADDRESS_SHUFFLE,
          URI,
          USERNAME,
          PASSWORD,
          AUTH_MECHANISM,
          VIRTUAL_HOST,
          TLS_ENABLED,
          TLS_TRUST_STORE,
          TLS_TRUST_STORE_TYPE,
          TLS_TRUST_STORE_PASSWORD,
          TLS_KEY_STORE,
          TLS_KEY_STORE_TYPE,
          TLS_KEY_STORE_PASSWORD,
          TLS_PROTOCOLS,
          TLS_VERIFY_HOSTNAME,
          HEARTBEAT,
          CONNECTION_TIMEOUT,
          HANDSHAKE_TIMEOUT,
          PREFETCH,
          CONNECTION_NAME,
          DECLARE_QUEUES,
          SHUTDOWN_TIMEOUT,
          PUBLISH_CONFIRM_TIMEOUT,
          PUBLISH_BLOCKED_TIMEOUT,
          PUBLISH_MANDATORY,
          RECONNECT_DELAY,
          RECONNECT_MAX_DELAY,
          ACK_BATCH_SIZE,
          ACK_FLUSH,
          MAX_ATTEMPTS,
          RETRY_DELAY,
          RETRY_MAX_DELAY,
          DEAD_LETTER,
          HANDLER_TIMEOUT,
          HEALTH_SUCCESS_RATE,
          HEALTH_WINDOW,
          HEALTH_MAX_CONNECTION_FAILS,
          METRICS_LABELS,
          METRICS_QUEUE_DEPTH_INTERVAL,
          CALLBACK_ENABLED,
          CALLBACK_ROLE,
          REPLAY_ENABLED,
          REPLAY_ROLE,
          LOG_REDACTED,
          APP_NAME,
          LOG_LEVEL);

  private ConfigKeys() {}
}
