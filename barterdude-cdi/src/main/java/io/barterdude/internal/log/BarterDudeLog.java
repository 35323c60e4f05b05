package io.barterdude.internal.log;

import io.barterdude.logging.TraceIds;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every log line the runtime writes, each with a stable id ({@code BDCDInnnn}). Lines name
 * consumers, queues and delivery tags; never message bodies or credentials. The lines about a
 * failed message end with {@code [trace_id=... span_id=...]} while its span is current.
 */
public final class BarterDudeLog {

  private static final Logger LOGGER = Logger.getLogger("io.barterdude");

  private BarterDudeLog() {}

  public static void connected(String connectionName, Object node) {
    LOGGER.info(() -> "BDCDI0001: connected to RabbitMQ at " + node + " as " + connectionName);
  }

  public static void connectFailed(
      String connectionName, int attempt, long delayMillis, Throwable error) {
    LOGGER.warning(
        () ->
            "BDCDI0002: "
                + connectionName
                + " cannot connect to RabbitMQ (attempt "
                + attempt
                + "): "
                + describe(error)
                + "; retrying in "
                + delayMillis
                + " ms");
  }

  public static void consumerStarted(
      String consumer, Object queues, int concurrency, int prefetch) {
    LOGGER.info(
        () ->
            "BDCDI0003: consumer "
                + consumer
                + " reads "
                + queues
                + " with concurrency "
                + concurrency
                + " and prefetch "
                + prefetch);
  }

  public static void handlerFailed(
      String consumer, String queue, long deliveryTag, boolean retried, Throwable error) {
    LOGGER.warning(
        () ->
            "BDCDI0004: consumer "
                + consumer
                + " failed on delivery "
                + deliveryTag
                + " from "
                + queue
                + " ("
                + describe(error)
                + "); message "
                + (retried ? "retried" : "given up")
                + trace());
    LOGGER.log(Level.FINE, error, () -> "BDCDI0004: stack of the failure above");
  }

  public static void settleFailed(String consumer, long deliveryTag, Throwable error) {
    LOGGER.warning(
        () ->
            "BDCDI0005: consumer "
                + consumer
                + " could not settle delivery "
                + deliveryTag
                + " ("
                + describe(error)
                + "); the broker redelivers it");
  }

  public static void shutdownTimedOut(String consumer, long timeoutMillis) {
    LOGGER.warning(
        () ->
            "BDCDI0006: consumer "
                + consumer
                + " still had handlers running after "
                + timeoutMillis
                + " ms; their messages return to the queue");
  }

  public static void stopped() {
    LOGGER.info("BDCDI0007: BarterDude stopped");
  }

  public static void declarationFailed(String what, Throwable error) {
    LOGGER.severe(() -> "BDCDI0008: could not declare " + what + ": " + describe(error));
  }

  public static void usingFallbackExecutor() {
    LOGGER.fine("BDCDI0011: no managed executor in JNDI; using BarterDude's own thread pool");
  }

  public static void taskRejected(String consumer, Throwable error) {
    LOGGER.warning(
        () ->
            "BDCDI0012: the executor refused work for consumer "
                + consumer
                + " ("
                + describe(error)
                + "); it stops receiving, and its queued messages return to the queue");
  }

  public static void hookFailed(String hook, String moment, Throwable error) {
    LOGGER.log(
        Level.WARNING,
        error,
        () ->
            "BDCDI0015: "
                + hook
                + " failed in "
                + moment
                + "; the message's outcome and the other hooks are not affected");
  }

  public static void connectionLost(String connectionName, Throwable cause) {
    LOGGER.warning(
        () ->
            "BDCDI0016: "
                + connectionName
                + " lost its connection to RabbitMQ ("
                + describe(cause)
                + "); recovering");
  }

  public static void recovered(String connectionName, Object node) {
    LOGGER.info(
        () ->
            "BDCDI0017: "
                + connectionName
                + " recovered its connection to RabbitMQ, now at "
                + node);
  }

  public static void notRecovered(String connectionName, Throwable error) {
    LOGGER.warning(
        () ->
            "BDCDI0031: "
                + connectionName
                + " could not restore a subscription while recovering ("
                + describe(error)
                + "); the consumer subscribes again as soon as the broker lets it");
  }

  public static void resubscribeFailed(
      String consumer, Object queues, int attempt, long delayMillis, Throwable error) {
    LOGGER.warning(
        () ->
            "BDCDI0030: consumer "
                + consumer
                + " cannot subscribe to "
                + queues
                + " yet (attempt "
                + attempt
                + "): "
                + describe(error)
                + "; retrying in "
                + delayMillis
                + " ms");
  }

  public static void publishersBlocked(String reason) {
    LOGGER.warning(
        () ->
            "BDCDI0023: RabbitMQ blocks publishers ("
                + reason
                + "): publishes wait, then fail; consumers whose handlers publish pause until it"
                + " unblocks");
  }

  public static void publishersUnblocked() {
    LOGGER.info("BDCDI0024: RabbitMQ unblocked publishers");
  }

  public static void consumerPaused(String consumer) {
    LOGGER.warning(
        () ->
            "BDCDI0025: consumer "
                + consumer
                + " pauses while RabbitMQ blocks publishers; the messages its handlers could not"
                + " forward are handled again, without counting an attempt, once it unblocks");
  }

  public static void consumerResumed(String consumer, int messages) {
    LOGGER.info(
        () ->
            "BDCDI0026: consumer "
                + consumer
                + " resumes and handles "
                + messages
                + " held message(s) again");
  }

  public static void brokerNotAnswering(long budgetMillis) {
    LOGGER.warning(
        () ->
            "BDCDI0028: RabbitMQ did not answer the cancellation of the subscriptions within the"
                + " shutdown timeout ("
                + budgetMillis
                + " ms); closing the connection without waiting for it");
  }

  public static void clientError(String connectionName, String what, Throwable error) {
    LOGGER.log(
        Level.SEVERE, error, () -> "BDCDI0029: RabbitMQ client of " + connectionName + ": " + what);
  }

  public static void hostnameVerificationOff() {
    LOGGER.warning(
        "BDCDI0027: barterdude.tls.verify-hostname=false: the broker's certificate is not checked"
            + " against its host name, so any holder of a trusted certificate can pose as the"
            + " broker; use it only for test brokers");
  }

  public static void messageInvalid(
      String consumer, String queue, long deliveryTag, boolean requeued, String violations) {
    LOGGER.warning(
        () ->
            "BDCDI0018: consumer "
                + consumer
                + " got an invalid message, delivery "
                + deliveryTag
                + " from "
                + queue
                + " ("
                + (requeued ? "requeued" : "rejected without requeue")
                + "): "
                + violations
                + trace());
  }

  public static void consumerCancelled(String consumer, String queue) {
    LOGGER.warning(
        () ->
            "BDCDI0019: the broker cancelled consumer "
                + consumer
                + " on queue "
                + queue
                + " (queue deleted?); resubscribing when it exists again");
  }

  public static void resubscribed(String consumer, String queue) {
    LOGGER.info(() -> "BDCDI0020: consumer " + consumer + " resubscribed to queue " + queue);
  }

  public static void deadLettered(
      String consumer, String queue, long deliveryTag, int attempts, String target) {
    LOGGER.warning(
        () ->
            "BDCDI0035: consumer "
                + consumer
                + " gave up delivery "
                + deliveryTag
                + " from "
                + queue
                + " after "
                + attempts
                + " attempt(s); moved to "
                + target
                + " with the reason in its headers");
  }

  public static void notMoved(
      String consumer, String queue, long deliveryTag, String target, Throwable error) {
    LOGGER.warning(
        () ->
            "BDCDI0036: consumer "
                + consumer
                + " could not move delivery "
                + deliveryTag
                + " from "
                + queue
                + " to "
                + target
                + " ("
                + describe(error)
                + "); requeued instead");
  }

  public static void missingDeadLetterArguments(String queue, String deadLetterQueue) {
    LOGGER.warning(
        () ->
            "BDCDI0034: queue "
                + queue
                + " exists without the dead-letter arguments x-dead-letter-exchange=\"\" and"
                + " x-dead-letter-routing-key="
                + deadLetterQueue
                + " (or with other arguments): BarterDude still moves the messages it gives up"
                + " there, but messages rejected otherwise (by a handler, a delivery limit, a TTL)"
                + " are not dead-lettered there");
  }

  public static void givingUp(String consumer, String queue, long deliveryTag, int attempts) {
    LOGGER.warning(
        () ->
            "BDCDI0021: consumer "
                + consumer
                + " failed delivery "
                + deliveryTag
                + " from "
                + queue
                + " "
                + attempts
                + " times; rejected without requeue (dead-lettered if the queue has a"
                + " dead-letter exchange)"
                + trace());
  }

  public static void handlerTimedOut(String consumer, long deliveryTag, long timeoutMillis) {
    LOGGER.warning(
        () ->
            "BDCDI0022: consumer "
                + consumer
                + " ran longer than "
                + timeoutMillis
                + " ms on delivery "
                + deliveryTag
                + "; failing the message and interrupting the handler");
  }

  public static void prefetchLimitsConcurrency(String problem) {
    LOGGER.warning(() -> "BDCDI0033: " + problem);
  }

  public static void metricsApiAbsent() {
    LOGGER.info(
        "BDCDI0040: the application sees no MicroProfile Metrics API (MicroProfile 7 leaves it"
            + " out; add mpMetrics to publish BarterDude's metrics): the metrics hook is off");
  }

  public static void tracingOn() {
    LOGGER.info(
        "BDCDI0041: tracing messages and publishes with the application's OpenTelemetry"
            + " (MicroProfile Telemetry)");
  }

  /** The current span's ids, for the lines about one message; empty without a span. */
  private static String trace() {
    return TraceIds.current()
        .map(ids -> " [trace_id=" + ids.traceId() + " span_id=" + ids.spanId() + "]")
        .orElse("");
  }

  private static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String rootText = root.getClass().getSimpleName() + ": " + root.getMessage();
    if (root == error || error.getMessage() == null) {
      return rootText;
    }
    return error.getClass().getSimpleName()
        + ": "
        + error.getMessage()
        + " (caused by "
        + rootText
        + ")";
  }

  public static void metricLabelsLeftOut(Object left, Object kept) {
    LOGGER.warning(
        () ->
            "BDCDI0037: metric labels "
                + left
                + " left out: another application on this server registered BarterDude's metrics"
                + " first, with the labels "
                + kept
                + "; give every BarterDude application on a server the same label names in"
                + " barterdude.metrics.labels (an empty value is allowed)");
  }
}
