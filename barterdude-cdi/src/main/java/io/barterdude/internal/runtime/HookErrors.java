package io.barterdude.internal.runtime;

import io.barterdude.internal.log.Log;
import java.util.concurrent.atomic.LongAdder;

/** Logs and counts the failures of hooks and event observers. */
final class HookErrors {

  private final LongAdder count = new LongAdder();

  void record(String hook, String moment, Throwable error) {
    count.increment();
    Log.hookFailed(hook, moment, error);
  }

  long count() {
    return count.sum();
  }
}
