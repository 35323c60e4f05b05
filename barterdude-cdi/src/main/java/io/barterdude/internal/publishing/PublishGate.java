package io.barterdude.internal.publishing;

import com.rabbitmq.client.BlockedListener;
import io.barterdude.internal.log.BarterDudeLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether the broker lets the application publish. RabbitMQ blocks publishing connections while a
 * memory or disk alarm is raised ({@code connection.blocked}) and unblocks them when it clears; the
 * gate follows the publishing connection's notifications, lets publishers wait for it to open, and
 * runs what waits for it once it does.
 */
public final class PublishGate implements BlockedListener {

  private volatile String blockedReason;
  private volatile long episodes;
  private List<Runnable> whenOpen = new ArrayList<>();

  @Override
  public synchronized void handleBlocked(String reason) {
    if (blockedReason == null) {
      episodes++;
      BarterDudeLog.publishersBlocked(reason);
    }
    blockedReason = reason;
  }

  @Override
  public void handleUnblocked() {
    List<Runnable> waiting;
    synchronized (this) {
      if (blockedReason == null) {
        return;
      }
      blockedReason = null;
      notifyAll();
      waiting = whenOpen;
      whenOpen = new ArrayList<>();
    }
    BarterDudeLog.publishersUnblocked();
    waiting.forEach(Runnable::run);
  }

  /** Why the broker blocks publishers now, or null when it does not. */
  public String blockedReason() {
    return blockedReason;
  }

  /**
   * Waits for the broker to let publishers through.
   *
   * @param timeoutMillis the longest wait
   * @return null once open, or the broker's reason if it still blocks after the wait
   */
  String awaitOpen(long timeoutMillis) throws InterruptedException {
    return blockedReason == null ? null : awaitUnblocked(timeoutMillis);
  }

  private synchronized String awaitUnblocked(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (blockedReason != null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return blockedReason;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return null;
  }

  /**
   * How many times the broker started blocking publishers so far; a publish made before the count
   * changed may have waited behind an alarm.
   */
  long episodes() {
    return episodes;
  }

  /** Runs a task once the gate is open: now if it is, else when the broker unblocks. */
  public void whenOpen(Runnable task) {
    synchronized (this) {
      if (blockedReason != null) {
        whenOpen.add(task);
        return;
      }
    }
    task.run();
  }
}
