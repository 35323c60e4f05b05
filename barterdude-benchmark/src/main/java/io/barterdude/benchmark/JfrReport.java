package io.barterdude.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a contestant's time and allocations go, from JFR recordings. Execution samples: by top
 * frame; by the first frame outside the JDK from the top (the code that spends the time, itself or
 * in the JDK methods it calls) and that frame's library; by thread; inclusive, by library and
 * BarterDude method on the stack; and by the innermost BarterDude method (e.g. the handler's time
 * goes to the method that called it, Weld's lookups to the method that made them). Sampled
 * allocation weight: by allocating method and by the first frame outside the JDK. The benchmark's
 * own {@code main} thread (probes, recording) is left out.
 */
final class JfrReport {

  private static final int TOP = 15;
  private static final Map<String, String> LIBRARIES = libraries();

  private final Map<String, Long> topFrames = new HashMap<>();
  private final Map<String, Long> spenders = new HashMap<>();
  private final Map<String, Long> spendingLibraries = new HashMap<>();
  private final Map<String, Long> threads = new HashMap<>();
  private final Map<String, Long> libraries = new HashMap<>();
  private final Map<String, Long> ownMethods = new HashMap<>();
  private final Map<String, Long> innermostOwn = new HashMap<>();
  private final Map<String, Long> allocators = new HashMap<>();
  private final Map<String, Long> allocationCallers = new HashMap<>();
  private long samples;
  private long allocated;

  static JfrReport of(List<Path> files) throws IOException {
    JfrReport report = new JfrReport();
    for (Path file : files) {
      for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
        String type = event.getEventType().getName();
        if (type.equals("jdk.ExecutionSample") && !isMain(event, "sampledThread")) {
          report.sample(event.getStackTrace(), thread(event, "sampledThread"));
        } else if (type.equals("jdk.ObjectAllocationSample") && !isMain(event, "eventThread")) {
          report.allocation(event);
        }
      }
    }
    return report;
  }

  private void sample(RecordedStackTrace stack, String thread) {
    if (stack == null || stack.getFrames().isEmpty()) {
      return;
    }
    samples++;
    List<String> methods = stack.getFrames().stream().map(JfrReport::method).toList();
    topFrames.merge(methods.get(0), 1L, Long::sum);
    String spender = firstOutsideJdk(methods);
    spenders.merge(spender, 1L, Long::sum);
    spendingLibraries.merge(library(spender), 1L, Long::sum);
    threads.merge(thread.replaceAll("[0-9]+", "N"), 1L, Long::sum);
    Set<String> seen = new LinkedHashSet<>();
    Set<String> own = new LinkedHashSet<>();
    for (String method : methods) {
      seen.add(library(method));
      if (method.startsWith("io.barterdude.") && !method.startsWith("io.barterdude.benchmark")) {
        own.add(method.replaceAll("\\$\\$Lambda.*", "::lambda"));
      }
    }
    seen.forEach(library -> libraries.merge(library, 1L, Long::sum));
    own.forEach(method -> ownMethods.merge(method, 1L, Long::sum));
    innermostOwn.merge(
        own.isEmpty() ? "(no BarterDude frame)" : own.iterator().next(), 1L, Long::sum);
  }

  private void allocation(RecordedEvent event) {
    RecordedStackTrace stack = event.getStackTrace();
    if (stack == null || stack.getFrames().isEmpty()) {
      return;
    }
    long weight = event.getLong("weight");
    allocated += weight;
    List<String> methods = stack.getFrames().stream().map(JfrReport::method).toList();
    String type = event.getClass("objectClass").getName();
    allocators.merge(type + " in " + methods.get(0), weight, Long::sum);
    allocationCallers.merge(firstOutsideJdk(methods), weight, Long::sum);
  }

  void print(PrintStream out) {
    out.printf("execution samples: %,d%n", samples);
    print(out, "top frames (self)", topFrames, samples);
    print(out, "first frame outside the JDK (self + JDK callees)", spenders, samples);
    print(out, "its library", spendingLibraries, samples);
    print(out, "threads", threads, samples);
    print(out, "libraries on the stack (inclusive)", libraries, samples);
    print(out, "BarterDude methods on the stack (inclusive)", ownMethods, samples);
    print(out, "innermost BarterDude method (time of the code it calls)", innermostOwn, samples);
    out.printf("sampled allocation: %,d MiB%n", allocated >> 20);
    print(out, "allocations by site", allocators, allocated);
    print(out, "allocations by first frame outside the JDK", allocationCallers, allocated);
  }

  private static void print(PrintStream out, String title, Map<String, Long> counts, long total) {
    out.println("  " + title + ":");
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(TOP)
        .forEach(
            entry ->
                out.printf(
                    "    %5.1f%%  %s%n",
                    100.0 * entry.getValue() / Math.max(1, total), entry.getKey()));
  }

  private static boolean isMain(RecordedEvent event, String field) {
    return thread(event, field).equals("main");
  }

  private static String thread(RecordedEvent event, String field) {
    RecordedThread thread = event.getThread(field);
    return thread == null ? "?" : String.valueOf(thread.getJavaName());
  }

  private static String firstOutsideJdk(List<String> methods) {
    return methods.stream()
        .filter(method -> !library(method).startsWith("JDK"))
        .findFirst()
        .orElse("(JDK only) " + methods.get(methods.size() - 1));
  }

  private static String method(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static String library(String method) {
    return LIBRARIES.entrySet().stream()
        .filter(entry -> method.startsWith(entry.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse("other: " + method.substring(0, Math.max(0, method.lastIndexOf('.'))));
  }

  private static Map<String, String> libraries() {
    Map<String, String> names = new LinkedHashMap<>();
    names.put("io.barterdude.benchmark", "benchmark handler and sink");
    names.put("io.barterdude.", "BarterDude");
    names.put("org.jboss.weld", "Weld");
    names.put("io.smallrye.metrics", "SmallRye Metrics");
    names.put("io.micrometer", "Micrometer");
    names.put("org.HdrHistogram", "HdrHistogram");
    names.put("org.leadpony", "Justify");
    names.put("org.eclipse.parsson", "Parsson (JSON-P)");
    names.put("com.rabbitmq", "amqp-client");
    names.put("org.springframework", "Spring");
    names.put("java.util.logging", "JDK java.util.logging");
    names.put("java.util.concurrent", "JDK java.util.concurrent");
    names.put("java.", "JDK");
    names.put("jdk.", "JDK");
    names.put("sun.", "JDK");
    return names;
  }
}
