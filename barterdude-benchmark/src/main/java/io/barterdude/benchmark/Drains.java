package io.barterdude.benchmark;

/**
 * Fills a queue with a publisher and drains it with a contestant, each timed on its own: the fill
 * from the first publish to the last confirm, the drain from the moment the consumers' handlers are
 * released (the contestant is started and has its prefetch already) to the last message handled.
 */
final class Drains {

  /** Time given to a started contestant to take its prefetch and settle before the clock starts. */
  private static final long SETTLE_MILLIS = 1_000;

  private final Broker broker;
  private final JfrProfiler profiler;
  private final byte[] body = Payload.json();

  Drains(Broker broker, JfrProfiler profiler) {
    this.broker = broker;
    this.profiler = profiler;
  }

  /**
   * Empties the queue and publishes {@code count} messages with a fresh publisher, recorded with
   * JFR under {@code profileName} unless it is null.
   */
  Measurement fill(Publisher publisher, String queue, int count, String profileName)
      throws Exception {
    broker.purge(queue);
    try (publisher) {
      publisher.open();
      Thread.sleep(300);
      if (profileName != null) {
        profiler.start(profileName);
      }
      Probe start = Probe.start();
      publisher.publish(queue, body, count);
      Measurement fill = start.until(Probe.end(), count);
      if (profileName != null) {
        profiler.stop();
      }
      long ready = broker.ready(queue);
      if (ready != count) {
        throw new IllegalStateException("queue holds " + ready + " messages, not " + count);
      }
      return fill;
    }
  }

  /** Drains {@code count} messages from the queue with a fresh contestant. */
  Measurement drain(Contestant.Factory factory, String queue, int count, boolean profile)
      throws Exception {
    Sink sink = Sink.install(count, false);
    try (Contestant contestant = factory.create()) {
      contestant.start(queue);
      if (!sink.awaitWaiting(30_000)) {
        throw new IllegalStateException(factory.name() + " received nothing in 30 s");
      }
      Thread.sleep(SETTLE_MILLIS);
      if (profile) {
        profiler.start(factory.name());
      }
      Probe start = Probe.start();
      sink.open();
      if (!sink.awaitDone(30_000 + count)) {
        throw new IllegalStateException(
            factory.name() + " handled " + sink.handled() + " of " + count + " in time");
      }
      Measurement drain = start.until(Probe.end(), count);
      if (profile) {
        profiler.stop();
      }
      contestant.verify(count);
      return drain;
    }
  }
}
