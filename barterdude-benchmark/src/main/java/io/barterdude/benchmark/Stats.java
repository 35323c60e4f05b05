package io.barterdude.benchmark;

import java.util.Arrays;
import java.util.Collection;

/** Medians and percentiles. */
final class Stats {

  private Stats() {}

  static double median(Collection<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** The nearest-rank percentile of the non-negative values, in the values' unit. */
  static double percentile(long[] values, double percent) {
    long[] sorted = Arrays.stream(values).filter(value -> value >= 0).sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(percent / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
