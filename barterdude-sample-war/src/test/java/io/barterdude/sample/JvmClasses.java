package io.barterdude.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The classes loaded in another JVM of this machine, read with the JDK's {@code jcmd}: how many
 * class loaders hold a class once a full collection has unloaded the classes of every loader that
 * nothing references any more. A web application's classes are loaded by its own class loader, so
 * two applications built from one WAR load two copies of each class, and a stopped application
 * whose loader is released leaves one.
 */
final class JvmClasses {

  private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");
  private static final long TIMEOUT_SECONDS = 120;

  private final long pid;

  JvmClasses(long pid) {
    this.pid = pid;
  }

  /**
   * How many copies of the class are loaded, after a full collection ({@code GC.class_histogram}
   * forces one; it unloads classes too). {@code VM.class_hierarchy} lists every loaded class of
   * that name, whether or not it has instances, each followed by its loader: {@code
   * io.barterdude.sample.SampleConsumer/0x... (loader name)}.
   */
  int loadedCopies(String className) throws IOException, InterruptedException {
    jcmd("GC.class_histogram");
    String marker = className + "/";
    return (int)
        jcmd("VM.class_hierarchy", className)
            .lines()
            .filter(line -> line.replaceFirst("^[\\s|-]*", "").startsWith(marker))
            .count();
  }

  /** The output of {@code jcmd <pid> <command> <arguments>}; fails when jcmd does. */
  private String jcmd(String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(List.of(JCMD.toString(), String.valueOf(pid)));
    line.addAll(List.of(command));
    Path output = Files.createTempFile("jcmd-", ".txt");
    try {
      Process process =
          new ProcessBuilder(line)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", line) + " did not end in " + TIMEOUT_SECONDS + " s");
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IOException(
            String.join(" ", line) + " exited with " + process.exitValue() + ": " + text);
      }
      return text;
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
