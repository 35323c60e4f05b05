package io.barterdude.arquillian;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of a Prometheus text answer ({@code /metrics}), by name and tags. */
final class PrometheusText {

  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][\\w:]*)(?:\\{(.*)})? (\\S+)");
  private static final Pattern TAG = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One sample line. */
  record Sample(String name, Map<String, String> tags, double value) {}

  private final String text;
  private final List<Sample> samples = new ArrayList<>();

  PrometheusText(String text) {
    this.text = text;
    text.lines().filter(line -> !line.startsWith("#")).forEach(this::parse);
  }

  /** The sum of the samples of that name that carry all those tags; 0 when there is none. */
  /** Every sample of that name. */
  List<Sample> samples(String name) {
    return samples.stream().filter(sample -> sample.name().equals(name)).toList();
  }

  double sum(String name, Map<String, String> tags) {
    return samples.stream()
        .filter(sample -> sample.name().equals(name))
        .filter(sample -> sample.tags().entrySet().containsAll(tags.entrySet()))
        .mapToDouble(Sample::value)
        .sum();
  }

  private void parse(String line) {
    Matcher sample = SAMPLE.matcher(line.strip());
    if (!sample.matches()) {
      return;
    }
    Map<String, String> tags = new HashMap<>();
    if (sample.group(2) != null) {
      Matcher tag = TAG.matcher(sample.group(2));
      while (tag.find()) {
        tags.put(tag.group(1), tag.group(2));
      }
    }
    samples.add(new Sample(sample.group(1), tags, Double.parseDouble(sample.group(3))));
  }

  @Override
  public String toString() {
    return text;
  }
}
