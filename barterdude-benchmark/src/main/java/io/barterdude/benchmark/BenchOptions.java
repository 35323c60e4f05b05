package io.barterdude.benchmark;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the benchmark runs, read from {@code bench.*} system properties; an empty or missing
 * property means the default given here ({@code bench.quick=true} lowers every size for a smoke
 * run).
 *
 * @param messages messages per drain ({@code bench.messages}, 100000; quick 10000)
 * @param pairs measured rounds of the drain comparison, each draining every contestant once ({@code
 *     bench.pairs}, 5; quick 2)
 * @param spring whether Spring AMQP's container is one of the contestants ({@code bench.spring})
 * @param jfr whether each drain is recorded with JFR and profiled ({@code bench.jfr}, false)
 * @param guard the lowest median ratio accepted before the run fails ({@code bench.guard}, 0.6)
 * @param latencyRate the offered rate of the latency test, msg/s ({@code bench.latency-rate})
 * @param latencySeconds how long each latency run publishes ({@code bench.latency-seconds})
 * @param latencyPairs latency runs per contestant ({@code bench.latency-pairs})
 * @param memoryMessages messages waiting in the queue in the memory check ({@code
 *     bench.memory-messages})
 * @param pipelineMessages messages per run of the pipeline comparison ({@code
 *     bench.pipeline-messages}, 10000; quick 3000)
 * @param sections the parts to run ({@code bench.sections}: drain, latency, memory, pipeline)
 * @param prefetch the unacknowledged window of the baseline and BarterDude (256)
 * @param concurrency worker threads of every consumer (10)
 * @param confirmWindow outstanding confirms of the publishers (256)
 */
record BenchOptions(
    int messages,
    int pairs,
    boolean spring,
    boolean jfr,
    double guard,
    int latencyRate,
    int latencySeconds,
    int latencyPairs,
    int memoryMessages,
    int pipelineMessages,
    Set<String> sections,
    int prefetch,
    int concurrency,
    int confirmWindow) {

  static BenchOptions fromSystemProperties() {
    boolean quick = Boolean.parseBoolean(text("quick", "false"));
    return new BenchOptions(
        number("messages", quick ? 10_000 : 100_000),
        number("pairs", quick ? 2 : 5),
        Boolean.parseBoolean(text("spring", "true")),
        Boolean.parseBoolean(text("jfr", "false")),
        Double.parseDouble(text("guard", "0.6")),
        number("latency-rate", 2_000),
        number("latency-seconds", quick ? 3 : 10),
        number("latency-pairs", quick ? 1 : 3),
        number("memory-messages", quick ? 10_000 : 100_000),
        number("pipeline-messages", quick ? 3_000 : 10_000),
        Arrays.stream(text("sections", "drain,latency,memory,pipeline").split(","))
            .map(String::strip)
            .collect(Collectors.toUnmodifiableSet()),
        number("prefetch", 256),
        number("concurrency", 10),
        number("confirm-window", 256));
  }

  boolean runs(String section) {
    return sections.contains(section);
  }

  /** Spring's per-consumer prefetch for the same total window: rounded up, never smaller. */
  int springPrefetch() {
    return (prefetch + concurrency - 1) / concurrency;
  }

  private static int number(String name, int fallback) {
    return Integer.parseInt(text(name, Integer.toString(fallback)).replace("_", ""));
  }

  private static String text(String name, String fallback) {
    String value = System.getProperty("bench." + name, "");
    return value.isBlank() ? fallback : value.strip();
  }
}
