package io.barterdude.sample;

import io.barterdude.it.TestBroker;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the tests against the sample on the Liberty server the build started: each test class
 * waits until the sample is ready and subscribed to its queues, and talks to the broker through a
 * connection of its own.
 */
abstract class SampleServerTestBase {

  static TestBroker broker;

  @BeforeAll
  static void waitForTheSample() throws Exception {
    broker = new TestBroker();
    SampleServer.awaitReady(broker);
  }

  /** Records what the sample forwards to {@code my_exchange} from now on. */
  static ForwardedMessages forwarded() throws IOException {
    return new ForwardedMessages(broker.connection());
  }

  @AfterAll
  static void disconnect() throws Exception {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }
}
