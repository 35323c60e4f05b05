package io.barterdude.benchmark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Prints the per-pair tables, the medians and each target's verdict, and decides whether the run
 * passes the regression guard (every median throughput ratio against a hand-written baseline at
 * least {@code bench.guard}).
 */
final class Report {

  /** Share of the machine used by other processes above which a pair is marked noisy. */
  private static final double NOISY = 0.15;

  private final BenchOptions options;
  private final PrintStream out;
  private final List<String> verdicts = new ArrayList<>();
  private final List<Double> guarded = new ArrayList<>();

  Report(BenchOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  void drains(DrainSuite.Results results, String baseline, String barterdude, String spring) {
    Map<String, List<Measurement>> drains = results.drains();
    List<Measurement> base = drains.get(baseline);
    out.printf("%n== Drain: medians over %d pairs%n", base.size());
    drains.forEach((name, runs) -> out.printf("  %-28s %s%n", name, medians(runs)));
    for (String name : drains.keySet()) {
      if (!name.equals(baseline)) {
        pairs(name + " / " + baseline, drains.get(name), base);
      }
    }
    double ratio = median(ratios(drains.get(barterdude), base, Measurement::rate));
    guarded.add(ratio);
    verdict("drain, default hooks >= 1.10 x baseline", ratio, ratio >= 1.10);
    double cpu = median(ratios(drains.get(barterdude), base, Measurement::cpuMicrosPerMessage));
    verdict("client CPU per message <= baseline's (ratio)", cpu, cpu <= 1.0);
    drains.keySet().stream()
        .filter(name -> name.contains("schema"))
        .forEach(name -> schema(name, ratios(drains.get(name), base, Measurement::rate)));
    if (spring != null && drains.containsKey(spring)) {
      List<Measurement> springRuns = drains.get(spring);
      pairs(barterdude + " / " + spring, drains.get(barterdude), springRuns);
      double vsSpring = median(ratios(drains.get(barterdude), springRuns, Measurement::rate));
      verdict(
          "drain ahead of Spring AMQP (window "
              + options.prefetch()
              + " vs "
              + springWindow()
              + ")",
          vsSpring,
          vsSpring > 1.0);
    }
    publishes(results.publishes());
  }

  private void schema(String name, List<Double> ratios) {
    double ratio = median(ratios);
    guarded.add(ratio);
    verdict("drain with schema validation >= 1.00 x baseline", ratio, ratio >= 1.0);
  }

  private void publishes(Map<String, List<Measurement>> publishes) {
    List<Measurement> hand = publishes.get(DrainSuite.HAND_WRITTEN_PUBLISHER);
    List<Measurement> barterdude = publishes.get(DrainSuite.BARTERDUDE_PUBLISHER);
    int pairs = Math.min(hand.size(), barterdude.size());
    out.printf("%n== Confirmed publish: medians over %d pairs%n", pairs);
    out.printf("  %-28s %s%n", DrainSuite.HAND_WRITTEN_PUBLISHER, medians(hand));
    out.printf("  %-28s %s%n", DrainSuite.BARTERDUDE_PUBLISHER, medians(barterdude));
    List<Measurement> paired = barterdude.subList(0, pairs);
    pairs("BarterDude / hand-written publisher", paired, hand.subList(0, pairs));
    double ratio = median(ratios(paired, hand.subList(0, pairs), Measurement::rate));
    guarded.add(ratio);
    verdict("confirmed publish >= 0.95 x hand-written publisher", ratio, ratio >= 0.95);
  }

  /**
   * The pipeline's medians, BarterDude's pairs against every other contestant and its targets
   * against the hand-written pipelines: ahead of B (asynchronous confirms), which the guard also
   * checks, and at least three times A (a confirm awaited per message). C, without confirms, is a
   * ceiling with no target.
   */
  void pipeline(Map<String, List<Measurement>> runs) {
    List<Measurement> ours = runs.get(PipelineSuite.BARTERDUDE);
    out.printf("%n== Pipeline: medians over %d pairs%n", ours.size());
    runs.forEach((name, list) -> out.printf("  %-32s %s%n", name, medians(list)));
    runs.keySet().stream()
        .filter(name -> !name.equals(PipelineSuite.BARTERDUDE))
        .forEach(name -> pairs(PipelineSuite.BARTERDUDE + " / " + name, ours, runs.get(name)));
    double vsAsync = median(ratios(ours, runs.get(PipelineSuite.BASELINE), Measurement::rate));
    guarded.add(vsAsync);
    verdict("pipeline >= 1.00 x hand-written B (async confirms)", vsAsync, vsAsync >= 1.0);
    double vsEach = median(ratios(ours, runs.get(PipelineSuite.CONFIRM_EACH), Measurement::rate));
    verdict("pipeline >= 3.00 x hand-written A (confirm each)", vsEach, vsEach >= 3.0);
  }

  void latency(List<LatencySuite.Run> runs, String baseline, String barterdude) {
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<LatencySuite.Run> base =
        runs.stream().filter(r -> r.contestant().equals(baseline)).toList();
    List<LatencySuite.Run> ours =
        runs.stream().filter(r -> r.contestant().equals(barterdude)).toList();
    for (int i = 0; i < Math.min(base.size(), ours.size()); i++) {
      p50.add(ours.get(i).p50Millis() - base.get(i).p50Millis());
      p99.add(ours.get(i).p99Millis() - base.get(i).p99Millis());
    }
    out.printf(
        "%n== Latency at %,d msg/s: median added latency over %d pairs: p50 %+.3f ms, p99 %+.3f"
            + " ms%n",
        options.latencyRate(), p50.size(), median(p50), median(p99));
    verdict(
        "p50 added latency <= 0.5 ms at " + options.latencyRate() + " msg/s (ms)",
        median(p50),
        median(p50) <= 0.5);
  }

  void memory(MemoryCheck.Result result) {
    out.printf(
        "%n== Memory with %,d messages waiting: heap %.1f MiB before start, samples %s MiB,"
            + " growth %.1f MiB; unacknowledged %d (prefetch %d), %d held by blocked handlers%n",
        result.messages(),
        result.heapBeforeMiB(),
        java.util.Arrays.toString(round(result.heapMiB())),
        result.growthMiB(),
        result.unacked(),
        result.prefetch(),
        result.heldByHandlers());
    boolean flat = result.growthMiB() <= 8 && result.unacked() <= result.prefetch();
    verdict("heap flat (growth <= 8 MiB) and unacked <= prefetch (MiB)", result.growthMiB(), flat);
  }

  /** Prints the verdicts; returns false if a guarded ratio fell below the guard. */
  boolean summary() {
    out.printf("%n== Targets (median of per-pair ratios, this run)%n");
    verdicts.forEach(out::println);
    boolean gross = guarded.stream().anyMatch(ratio -> ratio < options.guard());
    out.printf(
        "%nguard: every median ratio against a hand-written baseline >= %.2f: %s%n",
        options.guard(), gross ? "FAILED (gross regression)" : "passed");
    return !gross;
  }

  private void pairs(String title, List<Measurement> runs, List<Measurement> against) {
    out.printf("  pairs %s:%n", title);
    for (int i = 0; i < Math.min(runs.size(), against.size()); i++) {
      Measurement a = against.get(i);
      Measurement b = runs.get(i);
      double others = Math.max(a.othersShare(), b.othersShare());
      out.printf(
          "    %d: %,8.0f vs %,8.0f msg/s, %6.1f vs %6.1f µs CPU/msg, ratio %.3f, CPU ratio %.3f%s%n",
          i + 1,
          b.rate(),
          a.rate(),
          b.cpuMicrosPerMessage(),
          a.cpuMicrosPerMessage(),
          b.rate() / a.rate(),
          b.cpuMicrosPerMessage() / a.cpuMicrosPerMessage(),
          others > NOISY ? String.format("  (noisy: others used %.0f%%)", others * 100) : "");
    }
    out.printf(
        "    median ratio %.3f, median CPU ratio %.3f%s%n",
        median(ratios(runs, against, Measurement::rate)),
        median(ratios(runs, against, Measurement::cpuMicrosPerMessage)),
        quietMedians(runs, against));
  }

  /** The medians over the pairs no other process disturbed, when there are at least two. */
  private static String quietMedians(List<Measurement> runs, List<Measurement> against) {
    List<Measurement> quietRuns = new ArrayList<>();
    List<Measurement> quietAgainst = new ArrayList<>();
    for (int i = 0; i < Math.min(runs.size(), against.size()); i++) {
      if (Math.max(runs.get(i).othersShare(), against.get(i).othersShare()) <= NOISY) {
        quietRuns.add(runs.get(i));
        quietAgainst.add(against.get(i));
      }
    }
    return quietRuns.size() < 2
        ? ""
        : String.format(
            "; over the %d quiet pairs: %.3f, CPU %.3f",
            quietRuns.size(),
            median(ratios(quietRuns, quietAgainst, Measurement::rate)),
            median(ratios(quietRuns, quietAgainst, Measurement::cpuMicrosPerMessage)));
  }

  private void verdict(String target, double measured, boolean met) {
    verdicts.add(String.format("  %-62s %8.3f  %s", target, measured, met ? "met" : "MISSED"));
  }

  private String springWindow() {
    return options.concurrency() + " x " + options.springPrefetch();
  }

  private static String medians(List<Measurement> runs) {
    return String.format(
        "%,9.0f msg/s %6.1f µs CPU/msg (%2.0f%% sys, %4.2f cs/msg; broker %5.1f µs/msg;"
            + " others %2.0f%%)",
        median(runs, Measurement::rate),
        median(runs, Measurement::cpuMicrosPerMessage),
        median(runs, Measurement::systemShare) * 100,
        median(runs, Measurement::switchesPerMessage),
        median(runs, Measurement::brokerMicrosPerMessage),
        median(runs, Measurement::othersShare) * 100);
  }

  private static double median(List<Measurement> runs, ToDoubleFunction<Measurement> metric) {
    return median(runs.stream().map(run -> metric.applyAsDouble(run)).toList());
  }

  private static List<Double> ratios(
      List<Measurement> runs, List<Measurement> against, ToDoubleFunction<Measurement> metric) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(runs.size(), against.size()); i++) {
      ratios.add(metric.applyAsDouble(runs.get(i)) / metric.applyAsDouble(against.get(i)));
    }
    return ratios;
  }

  private static double median(List<Double> values) {
    return Stats.median(values);
  }

  private static double[] round(double[] values) {
    return java.util.Arrays.stream(values).map(v -> Math.round(v * 10) / 10.0).toArray();
  }
}
