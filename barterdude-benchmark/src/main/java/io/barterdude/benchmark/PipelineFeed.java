package io.barterdude.benchmark;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * The pipeline of a server, for {@code pipeline-on-liberty.sh}, measured as the pipeline section
 * measures its contestants but across processes. In the virtual host {@code bench.virtual-host} it
 * declares the exchange {@code bench.exchange} (direct) and the input queue {@code bench.input},
 * both durable as BarterDude declares them, binds a new output queue to the exchange and fills the
 * input with {@code bench.warm-up} plus {@code bench.pipeline-messages} messages (the 1 KiB JSON
 * bodies, persistent, confirmed), then prints {@code filled}. The pipeline starts after that: a
 * server the caller starts now, or, when {@code bench.input} is empty, hand-written pipeline B
 * ({@link AsyncConfirmPipeline}, {@code bench.prefetch} and {@code bench.concurrency} as in the
 * benchmark) started in this JVM on a new queue. The clock starts when the output queue holds the
 * warm-up messages and stops when it holds them all (watched by passive declares): startup and the
 * first, cold messages stay out of it. Prints {@code rate <msg/s>}; exits 1 on an error, including
 * outputs that do not add up.
 */
public final class PipelineFeed {

  /** How long the pipeline may take to start and forward its first messages. */
  private static final long START_MILLIS = 300_000;

  private static final long STALL_MILLIS = 60_000;

  private PipelineFeed() {}

  /**
   * Runs one timed pipeline.
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
    int warmUp = Integer.getInteger("bench.warm-up", Math.max(2_000, count / 2));
    try (Broker broker = new Broker(System.getProperty("bench.virtual-host", "/"))) {
      declare(broker, exchange, input);
      String queue = input.isEmpty() ? broker.newQueue("pipeline-in") : input;
      String output = broker.newQueue("pipeline-out");
      broker.bind(output, exchange);
      new Drains(broker, null)
          .fill(
              new HandWrittenPublisher(broker.connectionFactory(), options.confirmWindow()),
              queue,
              warmUp + count,
              null);
      System.out.println("filled");
      Measurement run;
      try (Contestant pipeline =
          input.isEmpty()
              ? new AsyncConfirmPipeline(
                  broker.connectionFactory(), exchange, options.prefetch(), options.concurrency())
              : null) {
        if (pipeline != null) {
          pipeline.start(queue);
        }
        run = time(broker, output, warmUp, warmUp + count);
        if (pipeline != null) {
          pipeline.verify(warmUp + count);
        }
      }
      check(broker, output, warmUp + count, input.isEmpty() ? queue : null);
      System.out.printf(
          "%s: %,d messages in %.2f s after %,d of warm-up%nrate %.0f%n",
          input.isEmpty() ? "hand-written B" : "pipeline reading " + input,
          run.messages(),
          run.nanos() / 1e9,
          warmUp,
          run.rate());
    }
  }

  /**
   * The exchange and the server's input queue (unless empty), durable as BarterDude's topology and
   * consumers declare them.
   */
  private static void declare(Broker broker, String exchange, String input)
      throws IOException, TimeoutException {
    try (Connection connection = broker.connectionFactory().newConnection("bd-bench-feed")) {
      Channel channel = connection.createChannel();
      channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT, true);
      if (!input.isEmpty()) {
        channel.queueDeclare(input, true, false, false, null);
      }
    }
  }

  /** Times the outputs from the warm-up's last one to the last one. */
  private static Measurement time(Broker broker, String output, int warmUp, int total)
      throws Exception {
    long first = broker.awaitReady(output, warmUp, START_MILLIS);
    if (first < warmUp) {
      throw new IllegalStateException(first + " of " + warmUp + " warm-up outputs in time");
    }
    Probe start = Probe.start();
    long outputs = broker.awaitReady(output, total, STALL_MILLIS);
    Measurement run = start.until(Probe.end(), total - first);
    if (outputs < total) {
      throw new IllegalStateException(outputs + " of " + total + " outputs, none for 60 s");
    }
    return run;
  }

  /** Every output arrived once; a pipeline of this JVM, closed, left no input behind. */
  private static void check(Broker broker, String output, int total, String ownInput)
      throws Exception {
    Thread.sleep(1_000);
    long outputs = broker.ready(output);
    long left = ownInput == null ? 0 : broker.ready(ownInput);
    if (outputs != total || left != 0) {
      throw new IllegalStateException(
          outputs + " outputs for " + total + " inputs, " + left + " inputs left");
    }
  }
}
