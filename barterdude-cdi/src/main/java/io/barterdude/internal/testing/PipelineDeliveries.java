package io.barterdude.internal.testing;

import io.barterdude.internal.runtime.BarterDudeRuntime;
import io.barterdude.internal.settlement.Settlement;
import io.barterdude.testing.BarterDudeDouble;
import io.barterdude.testing.MessageDouble;
import io.barterdude.testing.TestDeliveries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs test deliveries through a consumer's own pipeline (validation, hooks, interceptors, outcome
 * rules) for {@link io.barterdude.testing.ConsumerTester} and the callback endpoint.
 */
@ApplicationScoped
public class PipelineDeliveries implements TestDeliveries {

  @Inject BarterDudeRuntime runtime;

  @Override
  public Throwable deliver(String consumer, MessageDouble message, BarterDudeDouble barterdude) {
    return runtime
        .consumers()
        .named(consumer)
        .deliver(
            message,
            recorder(message),
            barterdude == null ? null : new RecordedOutputs(barterdude));
  }

  private static Settlement recorder(MessageDouble message) {
    return new Settlement() {
      @Override
      public void ack() {
        message.accept();
      }

      @Override
      public void reject(boolean requeue) {
        message.reject(requeue);
      }
    };
  }
}
