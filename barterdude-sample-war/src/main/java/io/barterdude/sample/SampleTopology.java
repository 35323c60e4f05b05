package io.barterdude.sample;

import io.barterdude.Topology;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;

/**
 * Declares the exchange the consumers publish to, before they start, and a queue bound to it,
 * {@code my_exchange_copy}, that keeps a copy of everything forwarded: you can see what the sample
 * did, and its publishes always have a queue to go to ({@code barterdude.publish-mandatory}).
 */
@ApplicationScoped
public class SampleTopology {

  /**
   * The sample's topology: {@code my_exchange}, a durable direct exchange, and {@code
   * my_exchange_copy} bound to it.
   *
   * @return the topology BarterDude declares at startup
   */
  @Produces
  Topology topology() {
    return Topology.builder()
        .exchange("my_exchange", "direct")
        .queue("my_exchange_copy", Map.of("x-max-length", 1000))
        .binding("my_exchange_copy", "my_exchange", "")
        .build();
  }
}
