package io.barterdude.benchmark;

import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * A snapshot of the clock and of the CPU: this process's total CPU time from the JVM, and from
 * {@link ProcStat} its kernel and user ticks, its live threads' context switches, the broker's
 * ticks and the whole machine's.
 *
 * @param nanos {@link System#nanoTime()}
 * @param cpuNanos process CPU time
 * @param own this process's {@code [user, system]} ticks
 * @param contextSwitches context switches of each live thread, by thread id (null if unknown)
 * @param brokerTicks the broker's ticks
 * @param machine the machine's {@code [busy, total]} ticks
 */
record Probe(
    long nanos,
    long cpuNanos,
    long[] own,
    Map<String, Long> contextSwitches,
    long brokerTicks,
    long[] machine) {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** A snapshot that starts a measurement: the clock is read last. */
  static Probe start() {
    long[] own = ProcStat.ownTicks();
    Map<String, Long> switches = ProcStat.contextSwitches();
    long broker = ProcStat.brokerTicks();
    long[] machine = ProcStat.machineTicks();
    long cpu = OS.getProcessCpuTime();
    return new Probe(System.nanoTime(), cpu, own, switches, broker, machine);
  }

  /** A snapshot that ends a measurement: the clock is read first. */
  static Probe end() {
    long nanos = System.nanoTime();
    long cpu = OS.getProcessCpuTime();
    return new Probe(
        nanos,
        cpu,
        ProcStat.ownTicks(),
        ProcStat.contextSwitches(),
        ProcStat.brokerTicks(),
        ProcStat.machineTicks());
  }

  /** What happened from this snapshot to a later one, for {@code messages} messages. */
  Measurement until(Probe end, long messages) {
    long user = delta(own[0], end.own[0]);
    long system = delta(own[1], end.own[1]);
    long broker = delta(brokerTicks, end.brokerTicks);
    long busy = delta(machine[0], end.machine[0]);
    long total = delta(machine[1], end.machine[1]);
    double systemShare = user < 0 || system < 0 ? -1 : share(system, user + system);
    double othersShare =
        busy < 0 || broker < 0 || user < 0 ? -1 : share(busy - broker - user - system, total);
    return new Measurement(
        messages,
        end.nanos - nanos,
        end.cpuNanos - cpuNanos,
        systemShare,
        ProcStat.switchesBetween(contextSwitches, end.contextSwitches),
        broker < 0 ? -1 : broker * ProcStat.TICK_NANOS,
        othersShare);
  }

  private static long delta(long start, long end) {
    return start < 0 || end < 0 ? -1 : end - start;
  }

  private static double share(long part, long whole) {
    return whole <= 0 ? -1 : Math.max(0, (double) part / whole);
  }
}
