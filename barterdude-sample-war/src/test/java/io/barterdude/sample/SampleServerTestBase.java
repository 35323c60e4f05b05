package io.barterdude.sample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the tests against the sample on the Liberty server the build started: each test class
 * waits until the sample is ready and subscribed to its queues, and talks to the broker through a
 * connection of its own.
 */
abstract class SampleServerTestBase {

  static Broker broker;

  @BeforeAll
  static void waitForTheSample() throws Exception {
    broker = Broker.connect();
    SampleServer.awaitReady(broker);
  }

  @AfterAll
  static void disconnect() throws Exception {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }
}
