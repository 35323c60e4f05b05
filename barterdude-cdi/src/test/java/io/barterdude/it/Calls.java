package io.barterdude.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread-safe record of what test consumers saw, and of how many ran at once. */
public final class Calls {

  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxRunning = new AtomicInteger();

  public void add(String body) {
    bodies.add(body);
  }

  public List<String> bodies() {
    return List.copyOf(bodies);
  }

  public long count(String body) {
    return bodies.stream().filter(body::equals).count();
  }

  public int size() {
    return bodies.size();
  }

  /** Marks a handler as running; pair with {@link #exit()}. */
  public void enter() {
    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
  }

  public void exit() {
    running.decrementAndGet();
  }

  public int maxRunning() {
    return maxRunning.get();
  }

  public int running() {
    return running.get();
  }

  public void clear() {
    bodies.clear();
    running.set(0);
    maxRunning.set(0);
  }
}
