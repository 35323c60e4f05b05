package io.barterdude.sample;

import io.barterdude.Topology;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Declares the exchange {@link SampleConsumer} publishes to, before the consumers start. */
@ApplicationScoped
public class SampleTopology {

  /**
   * The sample's topology: {@code my_exchange}, a durable direct exchange.
   *
   * @return the topology BarterDude declares at startup
   */
  @Produces
  Topology topology() {
    return Topology.builder().exchange("my_exchange", "direct").build();
  }
}
