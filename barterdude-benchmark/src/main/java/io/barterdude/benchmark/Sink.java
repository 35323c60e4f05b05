package io.barterdude.benchmark;

import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the handlers of every contestant report: a gate that holds handlers until the timed part
 * starts, the count of messages handled, and (in the latency test) each message's latency. One sink
 * is current at a time.
 */
final class Sink {

  /** The header carrying {@link System#nanoTime()} at publication, for the latency test. */
  static final String SENT_HEADER = "bench-sent-nanos";

  private static volatile Sink current = new Sink(Integer.MAX_VALUE, 0, true);

  private final int expected;
  private final long[] latencies;
  private final AtomicInteger handled = new AtomicInteger();
  private final AtomicInteger waiting = new AtomicInteger();
  private final CountDownLatch done = new CountDownLatch(1);
  private final Object gate = new Object();
  private volatile boolean open;
  private int checksum;

  private Sink(int expected, int latencySamples, boolean open) {
    this.expected = expected;
    this.latencies = new long[latencySamples];
    this.open = open;
  }

  /** Installs a sink whose gate is closed, counting up to {@code expected} messages. */
  static Sink install(int expected, boolean recordLatency) {
    Sink sink = new Sink(expected, recordLatency ? expected : 0, false);
    current = sink;
    return sink;
  }

  static Sink current() {
    return current;
  }

  /** Called first by a handler: waits while the gate is closed. */
  void awaitGate() {
    if (open) {
      return;
    }
    waiting.incrementAndGet();
    synchronized (gate) {
      while (!open) {
        try {
          gate.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Called last by a handler, with the parsed body and the message's headers. */
  void handled(JsonValue body, Map<String, Object> headers) {
    long now = latencies.length > 0 ? System.nanoTime() : 0;
    checksum += ((JsonStructure) body).getValueType().ordinal();
    int count = handled.incrementAndGet();
    if (latencies.length > 0 && count <= latencies.length) {
      Object sent = headers == null ? null : headers.get(SENT_HEADER);
      latencies[count - 1] = sent instanceof Long nanos ? now - nanos : -1;
    }
    if (count == expected) {
      done.countDown();
    }
  }

  void open() {
    synchronized (gate) {
      open = true;
      gate.notifyAll();
    }
  }

  /** Waits until a handler is held at the gate, i.e. the contestant receives messages. */
  boolean awaitWaiting(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (waiting.get() == 0) {
      if (System.currentTimeMillis() > deadline) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  int waiting() {
    return waiting.get();
  }

  boolean awaitDone(long timeoutMillis) throws InterruptedException {
    return done.await(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  int handled() {
    return handled.get();
  }

  /** The latencies in nanoseconds, in the order messages were handled (-1 without a header). */
  long[] latencies() {
    return latencies.clone();
  }

  @Override
  public String toString() {
    return "Sink[handled=" + handled + ", checksum=" + checksum + "]";
  }
}
