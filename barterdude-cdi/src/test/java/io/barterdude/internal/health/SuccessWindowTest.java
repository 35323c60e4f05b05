package io.barterdude.internal.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SuccessWindowTest {

  final AtomicLong now = new AtomicLong(1_000);
  final SuccessWindow window = new SuccessWindow(60, now::get);

  @Test
  void anEmptyWindowHasNoMessagesAndRateOne() {
    assertTrue(window.counts().isEmpty());
    assertEquals(1.0, window.counts().rate());
  }

  @Test
  void rateExactlyAtTheThreshold() {
    for (int i = 0; i < 19; i++) {
      window.success();
    }
    window.fail();
    assertEquals(new SuccessWindow.Counts(19, 1), window.counts());
    assertEquals(0.95, window.counts().rate());
  }

  @Test
  void entriesOlderThanTheWindowExpire() {
    window.fail();
    now.addAndGet(30);
    window.success();
    now.addAndGet(29);
    assertEquals(new SuccessWindow.Counts(1, 1), window.counts(), "59 s later both count");
    now.addAndGet(1);
    assertEquals(new SuccessWindow.Counts(1, 0), window.counts(), "60 s later the fail is gone");
    now.addAndGet(30);
    assertTrue(window.counts().isEmpty());
  }

  @Test
  void aReusedBucketStartsFromZero() {
    window.fail();
    now.addAndGet(60);
    window.success();
    assertEquals(new SuccessWindow.Counts(1, 0), window.counts());
  }
}
