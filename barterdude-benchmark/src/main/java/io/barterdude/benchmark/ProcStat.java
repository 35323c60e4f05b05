package io.barterdude.benchmark;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

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

  /**
   * Voluntary and involuntary context switches of each of this process's live threads, by thread
   * id; null where {@code /proc} cannot tell.
   */
  static Map<String, Long> contextSwitches() {
    Map<String, Long> byThread = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        byThread.put(task.getFileName().toString(), switchesOf(task.resolve("status")));
      }
      return byThread;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The context switches from one {@link #contextSwitches()} to a later one, of the threads alive
   * at the later: a thread that ended in between took its count with it, and is left out rather
   * than subtracted. A thread id seen with fewer switches than before was reused by a new thread.
   *
   * @return the switches, or -1 where either snapshot is unknown
   */
  static long switchesBetween(Map<String, Long> start, Map<String, Long> end) {
    if (start == null || end == null) {
      return -1;
    }
    long total = 0;
    for (Map.Entry<String, Long> thread : end.entrySet()) {
      long before = start.getOrDefault(thread.getKey(), 0L);
      long now = thread.getValue();
      total += now >= before ? now - before : now;
    }
    return total;
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
