package io.barterdude.arquillian.app;

import io.barterdude.BarterDude;
import io.barterdude.Consume;
import io.barterdude.Message;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The test application's consumers. Their queues are placeholders: the test WAR's configuration
 * gives each server queues of its own ({@code barterdude.consumer.<name>.queues}), so that the
 * Liberty and Payara suites and the sample never read each other's messages. The reply queue is
 * declared by the tests.
 */
@ApplicationScoped
public class ArqConsumers {

  /** The name of {@link #forward}, as configuration and the callback endpoint know it. */
  public static final String FORWARD = "ArqConsumers.forward";

  /** The name of {@link #fail}. */
  public static final String FAIL = "ArqConsumers.fail";

  @Inject BarterDude barterdude;
  @Inject Journal journal;

  @Inject
  @ConfigProperty(name = "arq.reply-queue")
  String replyQueue;

  /** How long {@link #forward} works on a message before forwarding it (PayaraSigtermIT). */
  @Inject
  @ConfigProperty(name = "arq.forward-delay-ms", defaultValue = "0")
  long forwardDelayMillis;

  /** Forwards each message, unchanged, to the reply queue. */
  void forward(@Observes @Consume(queues = "bd-arq-forward") Message msg)
      throws InterruptedException {
    journal.add(msg.text(), "handler", msg.queue());
    Thread.sleep(forwardDelayMillis);
    barterdude.publish("", replyQueue, msg.body());
  }

  /** Fails every message; failed messages are dropped, not requeued. */
  void fail(@Observes @Consume(queues = "bd-arq-fail", requeueOnFail = false) Message msg) {
    journal.add(msg.text(), "handler", msg.queue());
    throw new IllegalStateException("failing on purpose");
  }
}
