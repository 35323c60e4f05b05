package io.barterdude.benchmark;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;

/**
 * Memory while messages wait: the queue holds {@code memoryMessages}, BarterDude consumes it with
 * every handler blocked, and the heap (after a full GC) is sampled once a second. The client must
 * hold no more than the prefetch: the broker's unacknowledged count shows it, and the heap stays
 * flat.
 */
final class MemoryCheck {

  /**
   * The check's findings.
   *
   * @param messages messages in the queue
   * @param prefetch the configured prefetch
   * @param unacked messages delivered to the client (queue depth minus ready messages)
   * @param heldByHandlers handlers blocked, each with one message
   * @param heapBeforeMiB heap used before BarterDude started
   * @param heapMiB heap used at each sample while the messages waited
   */
  record Result(
      int messages,
      int prefetch,
      long unacked,
      int heldByHandlers,
      double heapBeforeMiB,
      double[] heapMiB) {

    double growthMiB() {
      double min = Double.MAX_VALUE;
      double max = 0;
      for (double sample : heapMiB) {
        min = Math.min(min, sample);
        max = Math.max(max, sample);
      }
      return max - min;
    }
  }

  private static final int SAMPLES = 6;

  private final Broker broker;
  private final BenchOptions options;
  private final Contestant.Factory barterdude;
  private final PrintStream out;

  MemoryCheck(Broker broker, BenchOptions options, Contestant.Factory barterdude, PrintStream out) {
    this.broker = broker;
    this.options = options;
    this.barterdude = barterdude;
    this.out = out;
  }

  Result run() throws Exception {
    String queue = broker.newQueue("memory");
    int messages = options.memoryMessages();
    new Drains(broker, null)
        .fill(new HandWrittenPublisher(options.confirmWindow()), queue, messages, null);
    double before = heapAfterGcMiB();
    double[] heap = new double[SAMPLES];
    long ready;
    Sink sink = Sink.install(Integer.MAX_VALUE, false);
    try (Contestant contestant = barterdude.create()) {
      contestant.start(queue);
      if (!sink.awaitWaiting(30_000)) {
        throw new IllegalStateException("BarterDude received nothing in 30 s");
      }
      Thread.sleep(1_000);
      for (int i = 0; i < SAMPLES; i++) {
        heap[i] = heapAfterGcMiB();
        out.printf("  t=%ds heap used after GC %6.1f MiB%n", i + 1, heap[i]);
        Thread.sleep(1_000);
      }
      ready = broker.ready(queue);
      sink.open();
    }
    broker.purge(queue);
    return new Result(messages, options.prefetch(), messages - ready, sink.waiting(), before, heap);
  }

  private static double heapAfterGcMiB() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
  }
}
