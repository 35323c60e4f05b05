package io.barterdude.benchmark;

import com.rabbitmq.client.ConnectionFactory;
import io.barterdude.internal.config.ConfigKeys;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline comparison: each contestant consumes {@code bench.pipeline-messages} persistent JSON
 * messages from an input queue and publishes each, with a field added, to a durable direct exchange
 * bound to an output queue, acknowledging an input only after its output's confirm (but for the
 * unconfirmed ceiling, hand-written C). Rounds as in the drain (the baseline, hand-written B, first
 * in odd rounds and last in even ones) after one warm-up round that is not counted, as long as a
 * measured run: on 2 cores shared with the broker, a tenth of it left every contestant's first
 * measured run slower than its others (BarterDude's at about twice its later CPU per message).
 *
 * <p>Each run fills the input, starts a fresh contestant and lets it take its prefetch with every
 * handler held; the clock and the process CPU run from the handlers' release until the output queue
 * holds every message. The output queue is watched with passive declares ({@link
 * Broker#awaitReady}) on the benchmark's own connection rather than by a consumer: the messages
 * stay where the pipeline put them (so they can be counted again afterwards) and the watch costs
 * the broker and this process far less than consuming them would. Then the contestant is closed and
 * the run checked: every output arrived exactly once with the added field, and the input is empty
 * (every input acknowledged, none requeued).
 */
final class PipelineSuite {

  static final String BASELINE = "hand-written B (async confirms)";
  static final String CONFIRM_EACH = "hand-written A (confirm each)";
  static final String UNCONFIRMED = "hand-written C (no confirms)";
  static final String BARTERDUDE = Benchmark.BARTERDUDE;
  static final String SPRING = "Spring AMQP (correlated)";

  private static final long SETTLE_MILLIS = 1_000;
  private static final long STALL_MILLIS = 30_000;
  private static final int ATTEMPTS = 5;

  private final Broker broker;
  private final BenchOptions options;
  private final PrintStream out;

  PipelineSuite(Broker broker, BenchOptions options, PrintStream out) {
    this.broker = broker;
    this.options = options;
    this.out = out;
  }

  /** Each contestant's runs, one per round, in round order. */
  Map<String, List<Measurement>> run() throws Exception {
    String input = broker.newQueue("pipeline-in");
    String output = broker.newQueue("pipeline-out");
    String exchange = broker.newExchange("pipeline");
    broker.bind(output, exchange);
    List<Contestant.Factory> contestants = contestants(exchange);
    Map<String, List<Measurement>> runs = new LinkedHashMap<>();
    contestants.forEach(contestant -> runs.put(contestant.name(), new ArrayList<>()));
    int warmUp = Math.max(2_000, options.pipelineMessages());
    out.printf("warm-up round (%,d messages each, not counted)%n", warmUp);
    for (Contestant.Factory contestant : contestants) {
      once(contestant, input, output, warmUp);
    }
    for (int round = 1; round <= options.pairs(); round++) {
      out.printf("round %d%n", round);
      List<Contestant.Factory> order = new ArrayList<>(contestants);
      if (round % 2 == 0) {
        Collections.reverse(order);
      }
      roundWithRetries(order, input, output).forEach((name, run) -> runs.get(name).add(run));
    }
    return runs;
  }

  private List<Contestant.Factory> contestants(String exchange) {
    ConnectionFactory factory = broker.connectionFactory();
    int prefetch = options.prefetch();
    int workers = options.concurrency();
    out.printf(
        "hand-written A, B, C: one consuming channel with prefetch %d, %d worker threads, a"
            + " publishing connection (A, C: a channel per worker; B: one shared channel)%n"
            + "BarterDude: library defaults (prefetch %s, one connection), concurrency %d;"
            + " Spring AMQP: %d consumers x prefetch %d, publisher connection%n",
        prefetch,
        workers,
        ConfigKeys.PREFETCH.defaultValue(),
        workers,
        workers,
        options.springPrefetch());
    List<Contestant.Factory> contestants = new ArrayList<>();
    contestants.add(
        Contestant.of(
            BASELINE, () -> new AsyncConfirmPipeline(factory, exchange, prefetch, workers)));
    contestants.add(
        Contestant.of(
            BARTERDUDE,
            () ->
                new BarterDudeConsumer(
                    PipelineConsumer.class, Map.of(PipelineConsumer.EXCHANGE, exchange), workers)));
    contestants.add(
        Contestant.of(
            CONFIRM_EACH,
            () -> WorkerChannelPipeline.confirmEach(factory, exchange, prefetch, workers)));
    contestants.add(
        Contestant.of(
            UNCONFIRMED,
            () -> WorkerChannelPipeline.unconfirmed(factory, exchange, prefetch, workers)));
    if (options.spring()) {
      contestants.add(
          Contestant.of(
              SPRING,
              () -> new SpringPipeline(factory, exchange, workers, options.springPrefetch())));
    }
    return contestants;
  }

  /**
   * Runs a round, again if it failed (the shared broker's connections may be closed by a fault
   * test): at most {@link #ATTEMPTS} times.
   */
  private Map<String, Measurement> roundWithRetries(
      List<Contestant.Factory> order, String input, String output) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        Map<String, Measurement> round = new LinkedHashMap<>();
        for (Contestant.Factory contestant : order) {
          Measurement run = once(contestant, input, output, options.pipelineMessages());
          round.put(contestant.name(), run);
          out.printf("  %-32s %s%n", contestant.name(), run.describe());
        }
        return round;
      } catch (Exception e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
        out.printf(
            "  round failed (%s%s), running it again%n",
            e, e.getCause() == null ? "" : ", caused by " + e.getCause());
        broker.awaitAvailable(120_000);
      }
    }
  }

  private Measurement once(Contestant.Factory factory, String input, String output, int count)
      throws Exception {
    broker.purge(output);
    new Drains(broker, null)
        .fill(new HandWrittenPublisher(options.confirmWindow()), input, count, null);
    Sink sink = Sink.install(count, false);
    Measurement run;
    try (Contestant contestant = factory.create()) {
      contestant.start(input);
      if (!sink.awaitWaiting(30_000)) {
        throw new IllegalStateException(factory.name() + " received nothing in 30 s");
      }
      Thread.sleep(SETTLE_MILLIS);
      Probe start = Probe.start();
      sink.open();
      long outputs = broker.awaitReady(output, count, STALL_MILLIS);
      run = start.until(Probe.end(), count);
      if (outputs < count) {
        throw new IllegalStateException(
            factory.name() + " delivered " + outputs + " of " + count + " outputs, none for 30 s");
      }
      contestant.verify(count);
    }
    check(factory.name(), input, output, count, sink);
    return run;
  }

  /** Checks a closed contestant's work: outputs complete, no duplicate, input all acknowledged. */
  private void check(String name, String input, String output, int count, Sink sink)
      throws Exception {
    long outputs = broker.ready(output);
    long left = broker.ready(input);
    byte[] sample = broker.take(output);
    String body = sample == null ? "" : new String(sample, StandardCharsets.UTF_8);
    if (outputs != count
        || left != 0
        || sink.handled() != count
        || !body.contains("\"" + JsonBodies.ADDED_FIELD + "\":true")) {
      throw new IllegalStateException(
          String.format(
              "%s: %d outputs for %d inputs, %d handled, %d inputs left unacknowledged;"
                  + " an output: %.80s",
              name, outputs, count, sink.handled(), left, body));
    }
  }
}
