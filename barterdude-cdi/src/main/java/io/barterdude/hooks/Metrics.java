package io.barterdude.hooks;

/**
 * The built-in metrics hook (the Python BarterDude's {@code Prometheus}), publishing to the
 * application's MicroProfile Metrics registry the Python BarterDude's series, with the same names
 * and labels in the Prometheus output ({@code /metrics?scope=application}):
 *
 * <ul>
 *   <li>{@code barterdude_received_number_before_consume_messages_total}: messages received;
 *   <li>{@code barterdude_processing_message_seconds}: handling time, a histogram ({@code _bucket}
 *       with the Prometheus client's default {@code le} buckets, {@code _count}, {@code _sum}),
 *       labelled {@code state} ({@code success} or {@code fail}) and {@code error} (the exception's
 *       simple class name, {@code ValidationException} for schema violations, empty on success);
 *   <li>{@code barterdude_connection_fail_errors_total}: connection failures;
 * </ul>
 *
 * and BarterDude's own series:
 *
 * <ul>
 *   <li>{@code barterdude_messages_in_flight}: messages being handled, per {@code consumer};
 *   <li>{@code barterdude_publishers_blocked}: 1 while the broker blocks the publishers;
 *   <li>{@code barterdude_hook_errors_total}: hooks and observers that threw;
 *   <li>{@code barterdude_published_messages_total}: messages published and confirmed;
 *   <li>{@code barterdude_publish_failures_total}: messages not published, per {@code reason} (a
 *       {@link io.barterdude.PublishException.Reason});
 *   <li>{@code barterdude_publish_confirm_seconds}: time from a send to its confirm, a histogram
 *       with the same buckets;
 *   <li>{@code barterdude_queue_messages_ready} and {@code barterdude_queue_consumers}: each
 *       consumed {@code queue}'s depth, sampled every {@code
 *       barterdude.metrics.queue-depth-interval-ms} with a passive declare.
 * </ul>
 *
 * Every series carries the labels of {@code barterdude.metrics.labels} (the seed's {@code labels},
 * e.g. {@code app_name=my_app,team_name=my_team}). Metrics are resolved once; the hot path only
 * increments them. Name it in {@code @Consume(hooks = ...)} like any hook. Without a MicroProfile
 * Metrics implementation the hook does nothing.
 */
public interface Metrics extends Hook {}
