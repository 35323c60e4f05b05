package io.barterdude.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.internal.config.ConfigKey;
import io.barterdude.internal.config.ConfigKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README tells the truth: its Java snippets are taken from compiled sources, its configuration
 * table is the one the code reads, and CI runs the test command it gives.
 */
class ReadmeTest {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
  static final Pattern KEY_LITERAL = Pattern.compile("\"(barterdude\\.[a-zA-Z0-9.-]+)\"");
  static final Pattern CONFIG_ROW =
      Pattern.compile("^\\| `(barterdude\\.[^`]+)` \\| `([A-Z_]+)` \\| (.+?) \\| (.+) \\|$");

  static String readme() throws IOException {
    return Files.readString(ROOT.resolve("README.md"));
  }

  @Test
  void everyJavaSnippetIsCopiedFromCompiledSources() throws IOException {
    List<List<String>> sources = javaSources();
    Matcher block = JAVA_BLOCK.matcher(readme());
    int blocks = 0;
    while (block.find()) {
      List<String> snippet = meaningfulLines(block.group(1));
      assertTrue(
          sources.stream().anyMatch(source -> containsRun(source, snippet)),
          () -> "README snippet not found in any .java source:\n" + String.join("\n", snippet));
      blocks++;
    }
    assertTrue(blocks >= 10, "the README shows code: " + blocks);
  }

  @Test
  void theConfigurationTableListsExactlyTheKeysTheCodeReads() throws IOException {
    List<String> rows = new ArrayList<>();
    for (String line : readme().split("\n")) {
      Matcher row = CONFIG_ROW.matcher(line);
      if (row.matches()) {
        rows.add(row.group(1) + " " + row.group(2) + " " + row.group(3) + " " + row.group(4));
      }
    }
    List<String> expected = ConfigKeys.ALL.stream().map(ReadmeTest::row).toList();
    assertEquals(expected, rows);
  }

  /**
   * A key the library reads without declaring it in {@link ConfigKeys#ALL} would miss the table:
   * every {@code "barterdude."} literal in the library's sources is a declared key, or a prefix
   * (ending with a dot) that the README documents.
   */
  @Test
  void everyConfigKeyTheLibraryNamesIsDeclaredOrADocumentedPrefix() throws IOException {
    List<String> declared = ConfigKeys.ALL.stream().map(ConfigKey::name).toList();
    String readme = readme();
    List<String> undocumented = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT.resolve("barterdude-cdi/src/main/java"))) {
      files
          .filter(file -> file.toString().endsWith(".java"))
          .map(ReadmeTest::read)
          .forEach(
              source -> {
                Matcher literal = KEY_LITERAL.matcher(source);
                while (literal.find()) {
                  String key = literal.group(1);
                  boolean prefix = key.endsWith(".") && readme.contains("`" + key);
                  if (!declared.contains(key) && !prefix) {
                    undocumented.add(key);
                  }
                }
              });
    }
    assertEquals(List.of(), undocumented);
  }

  @Test
  void ciRunsTheReadmeTestCommand() throws IOException {
    List<String> commands = new ArrayList<>();
    Matcher block = SH_BLOCK.matcher(readme());
    while (block.find()) {
      commands.add(block.group(1).strip());
    }
    assertEquals(2, commands.size(), "the Quickstart gives exactly two commands: " + commands);
    String testCommand = commands.get(1);
    String ci = Files.readString(ROOT.resolve(".ci/run"));
    assertTrue(
        ci.contains("TEST_COMMAND=(" + testCommand + ")"), "CI must run `" + testCommand + "`");
  }

  private static String row(ConfigKey key) {
    String env = key.name().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    String value = key.defaultValue() == null ? "(none)" : "`" + key.defaultValue() + "`";
    return key.name() + " " + env + " " + value + " " + key.description();
  }

  private static List<List<String>> javaSources() throws IOException {
    try (Stream<Path> files = Files.walk(ROOT)) {
      return files
          .filter(file -> file.toString().endsWith(".java"))
          .filter(file -> !file.toString().contains("/target/"))
          .map(ReadmeTest::read)
          .map(ReadmeTest::meaningfulLines)
          .toList();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> meaningfulLines(String text) {
    return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }

  private static boolean containsRun(List<String> source, List<String> run) {
    for (int start = 0; start + run.size() <= source.size(); start++) {
      if (source.subList(start, start + run.size()).equals(run)) {
        return true;
      }
    }
    return false;
  }
}
