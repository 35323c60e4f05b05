package io.barterdude.benchmark;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * BarterDude against hand-written amqp-client clients on the local broker: drain throughput and
 * client CPU per message (with default hooks, with schema validation, and against Spring AMQP),
 * confirmed publishing, added latency at a fixed rate, memory while messages wait, and pipelines
 * (consume, transform, publish with confirms) end to end. Run it with {@code mvn -q -Pbenchmark -pl
 * barterdude-benchmark -am verify -DskipTests}; {@link BenchOptions} lists the {@code bench.*}
 * properties. Exits with 3 when a median ratio against a hand-written baseline is below the guard
 * (a gross regression), 1 on an error.
 */
public final class Benchmark {

  static final String BASELINE = "baseline (hand-written)";
  static final String BARTERDUDE = "BarterDude";
  static final String BARTERDUDE_SCHEMA = "BarterDude + schema";
  static final String SPRING = "Spring AMQP SMLC";

  /** Strong references: {@link Logger} keeps levels only while the logger is referenced. */
  private static final List<Logger> QUIETED = new ArrayList<>();

  private Benchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args ignored; see {@link BenchOptions}
   */
  public static void main(String[] args) {
    int status;
    try {
      status = run(BenchOptions.fromSystemProperties(), System.out) ? 0 : 3;
    } catch (Exception | Error e) {
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  private static boolean run(BenchOptions options, PrintStream out) throws Exception {
    quietLifecycleLogs();
    Instant started = Instant.now();
    try (Broker broker = new Broker()) {
      Thread cleanup = new Thread(broker::deleteDeclared, "bd-bench-cleanup");
      Runtime.getRuntime().addShutdownHook(cleanup);
      header(options, broker, out);
      Report report = new Report(options, out);
      JfrProfiler profiler = new JfrProfiler(Path.of("target", "jfr"));
      if (options.runs("drain")) {
        out.printf(
            "%n== Drain and publish (%,d messages per fill and drain)%n", options.messages());
        report.drains(
            new DrainSuite(broker, options, contestants(options), profiler, out).run(),
            BASELINE,
            BARTERDUDE,
            SPRING);
      }
      if (options.runs("latency")) {
        out.printf("%n== Latency at %,d msg/s offered%n", options.latencyRate());
        List<Contestant.Factory> pair = contestants(options).subList(0, 2);
        report.latency(new LatencySuite(broker, options, pair, out).run(), BASELINE, BARTERDUDE);
      }
      if (options.runs("memory")) {
        out.printf("%n== Memory with %,d messages waiting%n", options.memoryMessages());
        report.memory(new MemoryCheck(broker, options, contestants(options).get(1), out).run());
      }
      if (options.runs("pipeline")) {
        out.printf("%n== Pipeline (%,d messages per run)%n", options.pipelineMessages());
        report.pipeline(new PipelineSuite(broker, options, out).run());
      }
      if (options.jfr()) {
        profiler.report(out);
      }
      boolean passed = report.summary();
      out.printf("%ntotal time %ds%n", Duration.between(started, Instant.now()).toSeconds());
      Runtime.getRuntime().removeShutdownHook(cleanup);
      return passed;
    }
  }

  static List<Contestant.Factory> contestants(BenchOptions options) {
    int prefetch = options.prefetch();
    int workers = options.concurrency();
    List<Contestant.Factory> contestants = new ArrayList<>();
    contestants.add(Contestant.of(BASELINE, () -> new HandWrittenConsumer(prefetch, workers)));
    contestants.add(
        Contestant.of(
            BARTERDUDE, () -> new BarterDudeConsumer(PlainConsumer.class, prefetch, workers)));
    contestants.add(
        Contestant.of(
            BARTERDUDE_SCHEMA,
            () -> new BarterDudeConsumer(ValidatedConsumer.class, prefetch, workers)));
    if (options.spring()) {
      contestants.add(
          Contestant.of(SPRING, () -> new SpringConsumer(workers, options.springPrefetch())));
    }
    return contestants;
  }

  private static void header(BenchOptions options, Broker broker, PrintStream out)
      throws java.io.IOException {
    out.printf(
        "BarterDude benchmark: RabbitMQ %s on %s, Java %s, %d cores, max heap %d MiB%n",
        broker.serverVersion(),
        Broker.HOST,
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    out.printf(
        "%d-byte JSON bodies, persistent; prefetch %d on one channel (total unacked window %d),"
            + " %d workers; Spring AMQP: %d consumers x prefetch %d = window %d;"
            + " publishers: %d outstanding confirms%n",
        Payload.SIZE,
        options.prefetch(),
        options.prefetch(),
        options.concurrency(),
        options.concurrency(),
        options.springPrefetch(),
        options.concurrency() * options.springPrefetch(),
        options.confirmWindow());
    out.println(
        "each drain: fresh client, prefetch taken with handlers held, then the clock and process"
            + " CPU run from their release to the last message handled");
  }

  /**
   * Startup and shutdown lines of Weld and BarterDude's lifecycle logger; per-message logging (the
   * Logging hook's logger) stays at its default level.
   */
  private static void quietLifecycleLogs() {
    for (String name : List.of("org.jboss.weld", "io.barterdude", "io.smallrye")) {
      Logger logger = Logger.getLogger(name);
      logger.setLevel(Level.WARNING);
      QUIETED.add(logger);
    }
  }
}
