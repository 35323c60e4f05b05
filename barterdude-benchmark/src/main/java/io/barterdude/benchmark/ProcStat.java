package io.barterdude.benchmark;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU accounting from Linux's {@code /proc}, in clock ticks (1/100 s): this process's user and
 * kernel time, the broker's ({@code beam.smp}), the whole machine's, and the context switches of
 * this process's live threads. Every value is -1 where {@code /proc} cannot tell.
 */
final class ProcStat {

  /** Length of a clock tick ({@code getconf CLK_TCK} is 100 on Linux). */
  static final long TICK_NANOS = 10_000_000;

  private static volatile Path broker;

  private ProcStat() {}

  /** User and kernel ticks of a process: {@code [user, system]}. */
  static long[] processTicks(Path process) {
    try {
      String stat = Files.readString(process.resolve("stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }

  static long[] ownTicks() {
    return processTicks(Path.of("/proc/self"));
  }

  /** User plus kernel ticks of the local RabbitMQ node, found by its command name. */
  static long brokerTicks() {
    Path current = broker;
    long[] ticks = current == null ? new long[] {-1, -1} : processTicks(current);
    if (ticks[0] < 0) {
      broker = current = findBroker();
      ticks = current == null ? ticks : processTicks(current);
    }
    return ticks[0] < 0 ? -1 : ticks[0] + ticks[1];
  }

  /** The machine's ticks: {@code [busy, total]} over every core. */
  static long[] machineTicks() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).split("\\s+");
      long total = 0;
      for (int i = 1; i < fields.length; i++) {
        total += Long.parseLong(fields[i]);
      }
      long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }

  /** Voluntary and involuntary context switches of this process's live threads. */
  static long contextSwitches() {
    long total = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        total += switchesOf(task.resolve("status"));
      }
      return total;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long switchesOf(Path status) {
    long total = 0;
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.contains("ctxt_switches:")) {
          total += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
        }
      }
    } catch (IOException | RuntimeException e) {
      // the thread ended meanwhile
    }
    return total;
  }

  private static Path findBroker() {
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        try {
          if (Files.readString(process.resolve("comm")).strip().equals("beam.smp")) {
            return process;
          }
        } catch (IOException e) {
          // the process ended meanwhile
        }
      }
    } catch (IOException e) {
      // no /proc
    }
    return null;
  }
}
