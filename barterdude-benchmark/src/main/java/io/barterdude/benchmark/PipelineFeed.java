package io.barterdude.benchmark;

/**
 * The pipeline of a server, for {@code pipeline-on-liberty.sh}: in the virtual host {@code
 * bench.virtual-host}, binds a new output queue to the exchange {@code bench.exchange}, publishes
 * {@code bench.warm-up} messages (untimed), then {@code bench.pipeline-messages} messages (the 1
 * KiB JSON bodies, persistent, through a confirm window) to the pipeline's input queue, and times
 * them from the first publish until the output queue holds them all (watched as in {@link
 * PipelineSuite}). The pipeline is a server already consuming the queue {@code bench.input}, or,
 * when that property is empty, hand-written pipeline B ({@link AsyncConfirmPipeline}, {@code
 * bench.prefetch} and {@code bench.concurrency} as in the benchmark) started in this JVM on a new
 * queue. Prints {@code rate <msg/s>}; exits 1 on an error, including outputs that do not add up.
 */
public final class PipelineFeed {

  private static final long STALL_MILLIS = 60_000;

  private PipelineFeed() {}

  /**
   * Runs one timed feed.
   *
   * @param args ignored; see the class comment
   */
  public static void main(String[] args) {
    int status = 0;
    try {
      run(BenchOptions.fromSystemProperties());
    } catch (Exception | Error e) {
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  private static void run(BenchOptions options) throws Exception {
    String exchange = System.getProperty("bench.exchange", "");
    String input = System.getProperty("bench.input", "");
    int count = options.pipelineMessages();
    int warmUp = Integer.getInteger("bench.warm-up", Math.max(2_000, count / 4));
    try (Broker broker = new Broker(System.getProperty("bench.virtual-host", "/"))) {
      String output = broker.newQueue("pipeline-out");
      broker.bind(output, exchange);
      String queue = input.isEmpty() ? broker.newQueue("pipeline-in") : input;
      Measurement run;
      try (Contestant pipeline =
          input.isEmpty()
              ? new AsyncConfirmPipeline(
                  broker.connectionFactory(), exchange, options.prefetch(), options.concurrency())
              : null) {
        if (pipeline != null) {
          pipeline.start(queue);
        }
        feed(broker, options, queue, output, warmUp);
        broker.purge(output);
        Probe start = Probe.start();
        feed(broker, options, queue, output, count);
        run = start.until(Probe.end(), count);
        if (pipeline != null) {
          pipeline.verify(count);
        }
      }
      Thread.sleep(1_000);
      long outputs = broker.ready(output);
      long left = input.isEmpty() ? broker.ready(queue) : 0;
      if (outputs != count || left != 0) {
        throw new IllegalStateException(
            outputs + " outputs for " + count + " inputs, " + left + " inputs left");
      }
      System.out.printf(
          "%s: %,d messages in %.2f s%nrate %.0f%n",
          input.isEmpty() ? "hand-written B" : "pipeline reading " + input,
          count,
          run.nanos() / 1e9,
          run.rate());
    }
  }

  /** Publishes {@code count} messages to the queue and waits until the output holds as many. */
  private static void feed(
      Broker broker, BenchOptions options, String queue, String output, int count)
      throws Exception {
    try (Publisher publisher =
        new HandWrittenPublisher(broker.connectionFactory(), options.confirmWindow())) {
      publisher.open();
      publisher.publish(queue, Payload.json(), count);
    }
    long outputs = broker.awaitReady(output, count, STALL_MILLIS);
    if (outputs < count) {
      throw new IllegalStateException(outputs + " of " + count + " outputs, none for 60 s");
    }
  }
}
