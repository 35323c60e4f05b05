package io.barterdude.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.Channel;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AckCoalescerTest {

  final List<String> sent = new CopyOnWriteArrayList<>();
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
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

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
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
  void acksBehindASlowMessageGoOneByOneOnceTheBatchIsFull() {
    deliver(1, 2, 3, 4, 5);
    acks.ack(2);
    acks.ack(3);
    acks.ack(4);
    assertEquals(List.of("ack 2", "ack 3", "ack 4"), sent);
    acks.ack(1);
    acks.ack(5);
    assertEquals(List.of("ack 2", "ack 3", "ack 4", "ack 5+"), sent, "1 rides on the 5");
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
  void aWaitingAckIsFlushedByTheTimer() throws Exception {
    AckCoalescer timed = new AckCoalescer(channel, "test", 10, 20, scheduler);
    timed.delivered(1);
    timed.delivered(2);
    timed.ack(1);
    assertEquals(List.of(), sent);
    scheduler.schedule(() -> {}, 100, TimeUnit.MILLISECONDS).get();
    assertEquals(List.of("ack 1+"), sent);
  }

  @Test
  void afterARecoveryOldTagsAreAckedSinglyForTheClientToDrop() {
    deliver(1, 2);
    acks.reset();
    acks.ack(1);
    assertEquals(List.of("ack 1"), sent);
    assertEquals(0, acks.pendingAcks());
  }
}
