package io.barterdude.internal.testing;

import io.barterdude.PublishException;
import io.barterdude.internal.publishing.HandlerOutputs;
import io.barterdude.internal.publishing.Outgoing;
import io.barterdude.testing.BarterDudeDouble;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** The outputs of a test delivery: its handler's publishes are recorded on a double, not sent. */
final class RecordedOutputs extends HandlerOutputs {

  private final BarterDudeDouble barterdude;

  RecordedOutputs(BarterDudeDouble barterdude) {
    this.barterdude = barterdude;
  }

  @Override
  public void publish(Outgoing outgoing) {
    if (outgoing.batch()) {
      barterdude.publishBatch(outgoing.exchange(), outgoing.routingKey(), outgoing.data());
    } else {
      barterdude.publish(
          outgoing.exchange(),
          outgoing.routingKey(),
          outgoing.data().get(0),
          outgoing.properties());
    }
  }

  @Override
  public void awaitConfirmed() {
    // nothing was sent, so nothing waits for the broker
  }

  @Override
  public void whenConfirmed(Consumer<PublishException> outcome, Executor later) {
    outcome.accept(null);
  }
}
