package io.barterdude.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Records each timed drain with JFR's {@code profile} settings into {@code target/jfr/} when {@code
 * bench.jfr=true}, and prints what {@link JfrReport} finds in each contestant's recordings.
 */
final class JfrProfiler {

  private final Path directory;
  private final Map<String, List<Path>> recordings = new LinkedHashMap<>();
  private Recording recording;
  private String contestant;

  JfrProfiler(Path directory) {
    this.directory = directory;
  }

  /**
   * Deletes the recordings of an earlier run, then starts and stops one recording: JFR's first
   * start instruments classes, costly CPU.
   */
  void warmUp() throws IOException, ParseException, InterruptedException {
    if (Files.isDirectory(directory)) {
      try (var old = Files.newDirectoryStream(directory, "*.jfr")) {
        for (Path file : old) {
          Files.delete(file);
        }
      }
    }
    try (Recording first = newRecording()) {
      first.start();
      Thread.sleep(1_000);
      first.stop();
    }
  }

  void start(String name) throws IOException, ParseException {
    Files.createDirectories(directory);
    contestant = name;
    recording = newRecording();
    recording.start();
  }

  /** JFR's {@code profile} settings, with Java code sampled every millisecond. */
  private static Recording newRecording() throws IOException, ParseException {
    Recording recording = new Recording(Configuration.getConfiguration("profile"));
    recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
    return recording;
  }

  void stop() throws IOException {
    List<Path> files = recordings.computeIfAbsent(contestant, name -> new ArrayList<>());
    String slug = contestant.replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(java.util.Locale.ROOT);
    Path file = directory.resolve(slug + "-" + (files.size() + 1) + ".jfr");
    recording.stop();
    recording.dump(file);
    recording.close();
    files.add(file);
  }

  void report(PrintStream out) throws IOException {
    for (Map.Entry<String, List<Path>> entry : recordings.entrySet()) {
      out.printf(
          "%n== JFR: %s (%d recordings in %s)%n",
          entry.getKey(), entry.getValue().size(), directory);
      JfrReport.of(entry.getValue()).print(out);
    }
  }
}
