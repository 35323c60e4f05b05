package io.barterdude.benchmark;

/**
 * One timed run. Values from {@code /proc} are -1 where unknown.
 *
 * @param messages messages handled
 * @param nanos wall-clock time
 * @param cpuNanos this process's CPU time
 * @param systemShare kernel share of this process's CPU time
 * @param contextSwitches context switches of this process's threads alive at the end
 * @param brokerCpuNanos the broker's CPU time
 * @param othersShare share of the machine's CPU used by other processes (noise)
 */
record Measurement(
    long messages,
    long nanos,
    long cpuNanos,
    double systemShare,
    long contextSwitches,
    long brokerCpuNanos,
    double othersShare) {

  double rate() {
    return messages * 1e9 / nanos;
  }

  double cpuMicrosPerMessage() {
    return cpuNanos / 1e3 / messages;
  }

  double switchesPerMessage() {
    return contextSwitches < 0 ? -1 : (double) contextSwitches / messages;
  }

  double brokerMicrosPerMessage() {
    return brokerCpuNanos < 0 ? -1 : brokerCpuNanos / 1e3 / messages;
  }

  String describe() {
    return String.format(
        "%,9.0f msg/s %6.1f µs CPU/msg (%2.0f%% sys, %4.2f cs/msg; broker %5.1f µs/msg;"
            + " others %2.0f%%)",
        rate(),
        cpuMicrosPerMessage(),
        systemShare * 100,
        switchesPerMessage(),
        brokerMicrosPerMessage(),
        othersShare * 100);
  }
}
