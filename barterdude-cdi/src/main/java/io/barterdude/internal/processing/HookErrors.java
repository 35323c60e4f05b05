package io.barterdude.internal.processing;

import io.barterdude.internal.log.Log;
import java.util.concurrent.atomic.LongAdder;

/** Logs and counts the failures of hooks and event observers, and tells a listener. */
public final class HookErrors {

  private final LongAdder count = new LongAdder();
  private volatile Runnable listener = () -> {};

  void record(String hook, String moment, Throwable error) {
    count.increment();
    listener.run();
    Log.hookFailed(hook, moment, error);
  }

  /** Sets what runs on each failure from now on (the metrics counter). */
  public void listen(Runnable listener) {
    this.listener = listener;
  }

  public long count() {
    return count.sum();
  }
}
