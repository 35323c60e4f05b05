package io.barterdude.internal.runtime;

import io.barterdude.internal.log.Log;
import java.util.concurrent.atomic.LongAdder;

/** Logs and counts the failures of hooks and event observers, and tells a listener. */
final class HookErrors {

  private final LongAdder count = new LongAdder();
  private volatile Runnable listener = () -> {};

  void record(String hook, String moment, Throwable error) {
    count.increment();
    listener.run();
    Log.hookFailed(hook, moment, error);
  }

  /** Sets what runs on each failure from now on (the metrics counter). */
  void listen(Runnable listener) {
    this.listener = listener;
  }

  long count() {
    return count.sum();
  }
}
