package io.barterdude.benchmark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The drain comparison: rounds in which every contestant drains the same refilled queue once, the
 * baseline first in odd rounds and last in even ones (A B C, C B A, ...), after one warm-up round
 * that is not counted. The fills alternate between the hand-written publisher and BarterDude's, so
 * they double as the publishing comparison.
 */
final class DrainSuite {

  /**
   * What the suite measured.
   *
   * @param drains each contestant's drains, one per round, in round order
   * @param publishes each publisher's fills, paired by index
   */
  record Results(Map<String, List<Measurement>> drains, Map<String, List<Measurement>> publishes) {}

  static final String HAND_WRITTEN_PUBLISHER = "hand-written publisher";
  static final String BARTERDUDE_PUBLISHER = "BarterDude publishBatch";

  private static final int ATTEMPTS = 5;

  private final Broker broker;
  private final BenchOptions options;
  private final List<Contestant.Factory> contestants;
  private final Drains drains;
  private final JfrProfiler profiler;
  private final PrintStream out;
  private int fills;

  DrainSuite(
      Broker broker,
      BenchOptions options,
      List<Contestant.Factory> contestants,
      JfrProfiler profiler,
      PrintStream out) {
    this.broker = broker;
    this.options = options;
    this.contestants = contestants;
    this.drains = new Drains(broker, profiler);
    this.profiler = profiler;
    this.out = out;
  }

  Results run() throws Exception {
    String queue = broker.newQueue("drain");
    Map<String, List<Measurement>> drained = new LinkedHashMap<>();
    contestants.forEach(contestant -> drained.put(contestant.name(), new ArrayList<>()));
    Map<String, List<Measurement>> published = new LinkedHashMap<>();
    published.put(HAND_WRITTEN_PUBLISHER, new ArrayList<>());
    published.put(BARTERDUDE_PUBLISHER, new ArrayList<>());
    int warmUp = Math.max(5_000, options.messages() / 4);
    out.printf("warm-up round (%,d messages each, not counted)%n", warmUp);
    if (options.jfr()) {
      profiler.warmUp();
    }
    for (Contestant.Factory contestant : contestants) {
      fill(queue, warmUp, false);
      drains.drain(contestant, queue, warmUp, false);
    }
    fills = 0;
    for (int round = 1; round <= options.pairs(); round++) {
      out.printf("round %d%n", round);
      List<Contestant.Factory> order = new ArrayList<>(contestants);
      if (round % 2 == 0) {
        Collections.reverse(order);
      }
      Round measured = roundWithRetries(queue, order);
      measured.drains.forEach((name, drain) -> drained.get(name).add(drain));
      measured.fills.forEach(fill -> published.get(fill.getKey()).add(fill.getValue()));
    }
    broker.purge(queue);
    return new Results(drained, published);
  }

  /** One round's measurements, kept only if the whole round ran. */
  private record Round(
      Map<String, Measurement> drains, List<Map.Entry<String, Measurement>> fills) {}

  /**
   * Runs a round, again if it failed (the shared broker's connections may be closed by a fault
   * test): at most {@link #ATTEMPTS} times.
   */
  private Round roundWithRetries(String queue, List<Contestant.Factory> order) throws Exception {
    int fillsBefore = fills;
    for (int attempt = 1; ; attempt++) {
      try {
        return round(queue, order);
      } catch (Exception e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
        out.printf("  round failed (%s), running it again%n", e);
        broker.awaitAvailable(120_000);
        fills = fillsBefore;
      }
    }
  }

  private Round round(String queue, List<Contestant.Factory> order) throws Exception {
    Round round = new Round(new LinkedHashMap<>(), new ArrayList<>());
    for (Contestant.Factory contestant : order) {
      round.fills.add(fill(queue, options.messages(), options.jfr()));
      Measurement drain = drains.drain(contestant, queue, options.messages(), options.jfr());
      round.drains.put(contestant.name(), drain);
      out.printf("  drain %-28s %s%n", contestant.name(), drain.describe());
    }
    return round;
  }

  private Map.Entry<String, Measurement> fill(String queue, int count, boolean profile)
      throws Exception {
    boolean handWritten = fills++ % 2 == 0;
    Publisher publisher =
        handWritten
            ? new HandWrittenPublisher(options.confirmWindow())
            : new BarterDudePublisher(options.confirmWindow());
    String name = handWritten ? HAND_WRITTEN_PUBLISHER : BARTERDUDE_PUBLISHER;
    Measurement fill = drains.fill(publisher, queue, count, profile ? name : null);
    out.printf("  fill  %-28s %s%n", name, fill.describe());
    return Map.entry(name, fill);
  }
}
