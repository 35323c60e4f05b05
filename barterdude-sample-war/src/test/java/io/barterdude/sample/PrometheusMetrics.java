package io.barterdude.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One read of {@code /metrics?scope=application}, in the Prometheus text format: samples by name
 * and tags.
 */
final class PrometheusMetrics {

  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][\\w:]*)(?:\\{(.*)})? (\\S+)");
  private static final Pattern TAG = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One sample line. */
  record Sample(String name, Map<String, String> tags, double value) {
    boolean has(Map<String, String> wanted) {
      return tags.entrySet().containsAll(wanted.entrySet());
    }
  }

  private final String text;
  private final List<Sample> samples = new ArrayList<>();

  private PrometheusMetrics(String text) {
    this.text = text;
    text.lines().filter(line -> !line.startsWith("#")).forEach(this::parse);
  }

  /** Reads the application scope now. */
  static PrometheusMetrics read() throws Exception {
    return of(SampleServer.get("/metrics?scope=application"));
  }

  /** The metrics in an answer of {@code /metrics}. */
  static PrometheusMetrics of(SampleServer.Answer answer) {
    if (answer.status() != 200) {
      throw new IllegalStateException("/metrics answered " + answer.status());
    }
    return new PrometheusMetrics(answer.body());
  }

  /** Every sample of that name. */
  List<Sample> samples(String name) {
    return samples.stream().filter(sample -> sample.name().equals(name)).toList();
  }

  /** The sum of the samples of that name that have all those tags (name, value, ...); 0 if none. */
  double sum(String name, String... tags) {
    Map<String, String> wanted = new LinkedHashMap<>();
    for (int i = 0; i < tags.length; i += 2) {
      wanted.put(tags[i], tags[i + 1]);
    }
    return samples(name).stream().filter(s -> s.has(wanted)).mapToDouble(Sample::value).sum();
  }

  @Override
  public String toString() {
    return text;
  }

  private void parse(String line) {
    Matcher matcher = SAMPLE.matcher(line);
    if (!matcher.matches()) {
      return;
    }
    Map<String, String> tags = new LinkedHashMap<>();
    Matcher tag = TAG.matcher(matcher.group(2) == null ? "" : matcher.group(2));
    while (tag.find()) {
      tags.put(tag.group(1), tag.group(2));
    }
    samples.add(new Sample(matcher.group(1), tags, Double.parseDouble(matcher.group(3))));
  }
}
