package io.barterdude.sample;

import io.barterdude.BarterDude;
import io.barterdude.Consume;
import io.barterdude.Message;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonValue;

/**
 * The consumer of the Python BarterDude README: forwards every message of {@code queue1} and {@code
 * queue2} to {@code my_exchange}, then counts and drops the JSON string {@code "fail"} and fails on
 * {@code "exception"} (that message is requeued). Any other message is acknowledged when the method
 * returns.
 *
 * <p>The seed also calls {@code healthcheck.force_fail()} on {@code "fail"}; here that is {@link
 * SampleAdminResource}'s job, so that one message cannot take the whole server out of service.
 */
@ApplicationScoped
public class SampleConsumer {

  private static final JsonValue FAIL = Json.createValue("fail");
  private static final JsonValue EXCEPTION = Json.createValue("exception");

  @Inject BarterDude barterdude;

  /**
   * The seed's counter {@code fail}, in {@link SampleMetrics}: none where the server has no
   * MicroProfile Metrics, and the consumer works the same.
   */
  @Inject Instance<SampleMetrics> metrics;

  @TimedHandler
  void yourConsumer(
      @Observes
          @Consume(
              queues = {"queue1", "queue2"},
              concurrency = 10,
              requeueOnFail = true)
          Message msg) {
    barterdude.publish("my_exchange", msg.json());
    if (FAIL.equals(msg.json())) {
      metrics.forEach(SampleMetrics::countFail);
      msg.reject(false);
    }
    if (EXCEPTION.equals(msg.json())) {
      throw new SampleException("the message asked for an exception");
    }
  }
}
