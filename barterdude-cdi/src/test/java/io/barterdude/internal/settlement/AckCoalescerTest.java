package io.barterdude.internal.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.Channel;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class AckCoalescerTest {

  final List<String> sent = new CopyOnWriteArrayList<>();
  final List<Runnable> timers = new CopyOnWriteArrayList<>();

  /** A timer the test fires by hand: {@link #fireTimers()} runs what was scheduled so far. */
  final ScheduledExecutorService scheduler =
      (ScheduledExecutorService)
          Proxy.newProxyInstance(
              ScheduledExecutorService.class.getClassLoader(),
              new Class<?>[] {ScheduledExecutorService.class},
              (proxy, method, args) -> {
                if (!method.getName().equals("schedule")) {
                  throw new UnsupportedOperationException(method.getName());
                }
                timers.add((Runnable) args[0]);
                return null;
              });

  final Channel channel =
      (Channel)
          Proxy.newProxyInstance(
              Channel.class.getClassLoader(),
              new Class<?>[] {Channel.class},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "basicAck" -> sent.add("ack " + args[0] + (((Boolean) args[1]) ? "+" : ""));
                  case "basicReject" ->
                      sent.add("reject " + args[0] + (((Boolean) args[1]) ? " requeue" : ""));
                  default -> throw new UnsupportedOperationException(method.getName());
                }
                return null;
              });
  final AckCoalescer acks = new AckCoalescer(channel, "test", 3, 60_000, scheduler);

  private void fireTimers() {
    List<Runnable> due = List.copyOf(timers);
    timers.clear();
    due.forEach(Runnable::run);
  }

  private void deliver(long... tags) {
    for (long tag : tags) {
      acks.delivered(tag);
    }
  }

  @Test
  void aQuietConsumerAcksAtOnce() {
    deliver(1);
    acks.ack(1);
    assertEquals(List.of("ack 1+"), sent);
  }

  @Test
  void acksInOrderAreCoalescedIntoOneMultipleAckPerBatch() {
    deliver(1, 2, 3, 4, 5, 6, 7);
    acks.ack(1);
    acks.ack(2);
    assertEquals(List.of(), sent, "held back while others are in flight");
    acks.ack(3);
    assertEquals(List.of("ack 3+"), sent);
    acks.ack(4);
    acks.ack(5);
    acks.ack(6);
    acks.ack(7);
    assertEquals(List.of("ack 3+", "ack 6+", "ack 7+"), sent);
  }

  @Test
  void acksBehindAnUnfinishedMessageWaitForItHoweverMany() {
    deliver(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    for (long tag = 2; tag <= 9; tag++) {
      acks.ack(tag);
    }
    assertEquals(List.of(), sent, "eight acks, almost the whole window, wait behind 1");
    acks.ack(1);
    assertEquals(List.of("ack 9+"), sent, "one multiple ack once 1 finished");
  }

  @Test
  void rejectsGoAtOnceAndTheMultipleAckNamesAWaitingTag() {
    deliver(1, 2, 3, 4);
    acks.ack(1);
    acks.reject(2, true);
    acks.reject(3, false);
    assertEquals(List.of("reject 2 requeue", "ack 1+", "reject 3"), sent, "1 flushed on the way");
    acks.ack(4);
    assertEquals(List.of("reject 2 requeue", "ack 1+", "reject 3", "ack 4+"), sent);
  }

  @Test
  void aWaitingAckIsFlushedByTheTimer() {
    AckCoalescer timed = new AckCoalescer(channel, "test", 10, 20, scheduler);
    timed.delivered(1);
    timed.delivered(2);
    timed.ack(1);
    assertEquals(List.of(), sent);
    fireTimers();
    assertEquals(List.of("ack 1+"), sent);
  }

  @Test
  void theTimerAcksOneByOneBehindAMessageUnfinishedAtTwoFlushes() {
    AckCoalescer timed = new AckCoalescer(channel, "test", 10, 50, scheduler);
    timed.delivered(1);
    timed.delivered(2);
    timed.ack(2);
    fireTimers();
    assertEquals(List.of(), sent, "1 was unfinished at one flush: 2 waits once more");
    fireTimers();
    assertEquals(List.of("ack 2"), sent, "1 still unfinished at the second flush");
    timed.delivered(3);
    timed.delivered(4);
    timed.ack(3);
    assertEquals(List.of("ack 2", "ack 3"), sent, "behind a slow message, an ack goes at once");
    timed.ack(1);
    timed.ack(4);
    assertEquals(List.of("ack 2", "ack 3", "ack 4+"), sent, "1 finished: coalesced again");
  }

  @Test
  void afterARecoveryOldTagsAreAckedSinglyForTheClientToDrop() {
    deliver(1, 2);
    acks.reset();
    acks.ack(1);
    assertEquals(List.of("ack 1"), sent);
    assertEquals(0, acks.pendingAcks());
  }

  @Test
  void aWindowWiderThanTheRingAtFirstIsTrackedAcrossItsWrap() {
    for (long tag = 1; tag <= 50; tag++) {
      acks.delivered(tag);
      acks.ack(tag);
    }
    sent.clear();
    for (long tag = 51; tag <= 250; tag++) {
      acks.delivered(tag);
    }
    for (long tag = 250; tag > 51; tag--) {
      acks.ack(tag);
    }
    assertEquals(List.of(), sent, "199 acks wait behind 51");
    assertEquals(200, acks.unsettled());
    acks.ack(51);
    assertEquals(List.of("ack 250+"), sent);
    assertEquals(0, acks.unsettled());
  }

  @Test
  void aTagNeverRecordedIsSettledAloneAndSkippedByTheMultipleAck() {
    deliver(1, 3);
    acks.ack(2);
    assertEquals(List.of("ack 2"), sent);
    acks.ack(3);
    acks.ack(1);
    assertEquals(List.of("ack 2", "ack 3+"), sent);
  }
}
