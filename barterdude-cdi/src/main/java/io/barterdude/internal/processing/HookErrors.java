package io.barterdude.internal.processing;

import io.barterdude.internal.log.BarterDudeLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/** Logs and counts the failures of hooks and event observers, and tells the listeners. */
public final class HookErrors {

  private final LongAdder count = new LongAdder();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  void record(String hook, String moment, Throwable error) {
    count.increment();
    listeners.forEach(Runnable::run);
    BarterDudeLog.hookFailed(hook, moment, error);
  }

  /** Adds what runs on each failure from now on (the metrics counter). */
  public void listen(Runnable listener) {
    listeners.add(listener);
  }

  public long count() {
    return count.sum();
  }
}
