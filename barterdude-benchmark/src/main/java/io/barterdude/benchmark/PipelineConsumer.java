package io.barterdude.benchmark;

import io.barterdude.BarterDude;
import io.barterdude.Consume;
import io.barterdude.Message;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The BarterDude pipeline, the seed's example handler: each message's JSON, with a field added,
 * published to the run's exchange ({@code barterdude.publish(exchange, msg.json())}); BarterDude
 * acknowledges the input when the handler returns, after the publish was confirmed.
 */
@ApplicationScoped
public class PipelineConsumer {

  /** The configuration key naming the exchange to publish to. */
  static final String EXCHANGE = "bench.pipeline.exchange";

  @Inject BarterDude barterdude;

  private String exchange;

  @PostConstruct
  void configure() {
    exchange = ConfigProvider.getConfig().getValue(EXCHANGE, String.class);
  }

  void forward(
      @Observes
          @Consume(name = PlainConsumer.NAME, queues = "bd-bench-placeholder", concurrency = 10)
          Message msg) {
    Sink sink = Sink.current();
    sink.awaitGate();
    JsonObject forwarded = JsonBodies.transform(msg.json());
    barterdude.publish(exchange, forwarded);
    sink.handled(forwarded, msg.headers());
  }
}
