package io.barterdude.arquillian.app;

import io.barterdude.Topology;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The application's topology: one queue, {@code arq.topology-queue}, that nothing else declares, so
 * that its existence shows BarterDude used this producer.
 */
@ApplicationScoped
public class ArqTopology {

  @Produces
  Topology topology(@ConfigProperty(name = "arq.topology-queue") String queue) {
    return Topology.builder().queue(queue, Map.of()).build();
  }
}
