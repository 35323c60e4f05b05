package io.barterdude.benchmark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Latency at a fixed offered rate: the baseline and BarterDude alternate, each consuming {@code
 * latencySeconds} of messages offered at {@code latencyRate}; a message's latency runs from its
 * publication to the end of its handler (body parsed). The first second of each run is left out.
 */
final class LatencySuite {

  /**
   * One run.
   *
   * @param contestant who consumed
   * @param p50Millis median latency
   * @param p99Millis 99th percentile latency
   * @param samples messages counted
   */
  record Run(String contestant, double p50Millis, double p99Millis, int samples) {}

  private final Broker broker;
  private final BenchOptions options;
  private final List<Contestant.Factory> contestants;
  private final PrintStream out;
  private final byte[] body = Payload.json();

  LatencySuite(
      Broker broker, BenchOptions options, List<Contestant.Factory> contestants, PrintStream out) {
    this.broker = broker;
    this.options = options;
    this.contestants = contestants;
    this.out = out;
  }

  List<Run> run() throws Exception {
    String queue = broker.newQueue("latency");
    List<Run> runs = new ArrayList<>();
    for (int pair = 1; pair <= options.latencyPairs(); pair++) {
      for (Contestant.Factory contestant : contestants) {
        Run run = once(contestant, queue);
        runs.add(run);
        out.printf(
            "  pair %d %-28s p50 %6.3f ms  p99 %6.3f ms  (%,d messages)%n",
            pair, run.contestant(), run.p50Millis(), run.p99Millis(), run.samples());
      }
    }
    return runs;
  }

  private Run once(Contestant.Factory factory, String queue) throws Exception {
    broker.purge(queue);
    int count = options.latencyRate() * options.latencySeconds();
    Sink sink = Sink.install(count, true);
    sink.open();
    try (Contestant contestant = factory.create()) {
      contestant.start(queue);
      awaitConsumer(queue);
      Thread.sleep(500);
      PacedPublisher.publish(queue, body, options.latencyRate(), count);
      if (!sink.awaitDone(10_000)) {
        throw new IllegalStateException(factory.name() + " handled only " + sink.handled());
      }
    }
    long[] latencies = sink.latencies();
    long[] counted = Arrays.copyOfRange(latencies, Math.min(count, options.latencyRate()), count);
    return new Run(
        factory.name(),
        Stats.percentile(counted, 50) / 1e6,
        Stats.percentile(counted, 99) / 1e6,
        counted.length);
  }

  private void awaitConsumer(String queue) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (broker.consumers(queue) == 0) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("no consumer on " + queue + " after 20 s");
      }
      Thread.sleep(10);
    }
  }
}
