package io.barterdude.internal.failure;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.barterdude.internal.connection.Channels;
import io.barterdude.internal.log.BarterDudeLog;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Declares the queues of a consumed queue's {@link FailurePolicy}: {@code <queue>.retry.<ms>} for
 * each retry delay (a message expires there after that long and is dead-lettered back to {@code
 * <queue>} through the default exchange; a quorum queue, whose at-least-once dead-lettering keeps a
 * message until its queue has it, even if a broker node fails meanwhile), and with {@code
 * dead-letter=auto} {@code <queue>.dlq} and the queue itself with the dead-letter arguments that
 * point the broker's own dead-lettering there too. A queue that exists without those arguments is
 * used as it is, said once ({@code BDCDI0034}). Runs before the topology, on every new connection,
 * and before a deleted queue is redeclared.
 */
public final class FailureTopology {

  private final Map<String, FailurePolicy> policies = new LinkedHashMap<>();
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /** Records the policy of a consumed queue, at startup. */
  public void register(String queue, FailurePolicy policy) {
    policies.put(queue, policy);
  }

  /** Declares what every consumed queue's policy needs. */
  public void declareAll(Connection connection, boolean declareQueues) throws IOException {
    for (String queue : policies.keySet()) {
      declare(connection, queue, declareQueues);
    }
  }

  /**
   * Declares what the policy of a consumed queue needs (and the queue itself, if missing and {@code
   * declareQueue}); a declaration the broker refuses is logged.
   */
  public void declare(Connection connection, String queue, boolean declareQueue)
      throws IOException {
    FailurePolicy policy = policies.get(queue);
    if (policy == null) {
      return;
    }
    for (long delay : policy.delays()) {
      declare(
          connection,
          FailurePolicy.retryQueue(queue, delay),
          Map.of(
              "x-queue-type", "quorum",
              "x-message-ttl", delay,
              "x-dead-letter-exchange", "",
              "x-dead-letter-routing-key", queue,
              "x-dead-letter-strategy", "at-least-once",
              "x-overflow", "reject-publish"));
    }
    if (!policy.deadLetter()) {
      return;
    }
    String deadLetters = FailurePolicy.deadLetterQueue(queue);
    declare(connection, deadLetters, Map.of());
    Map<String, Object> arguments =
        Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", deadLetters);
    if (exists(connection, queue)) {
      checkArguments(connection, queue, arguments);
    } else if (declareQueue) {
      declare(connection, queue, arguments);
    }
  }

  private static void declare(Connection connection, String queue, Map<String, Object> arguments) {
    try {
      Channels.withChannel(connection, ch -> ch.queueDeclare(queue, true, false, false, arguments));
    } catch (IOException | RuntimeException e) {
      BarterDudeLog.declarationFailed("queue '" + queue + "' with " + arguments, e);
    }
  }

  private static boolean exists(Connection connection, String queue) throws IOException {
    try {
      Channels.withChannel(connection, ch -> ch.queueDeclarePassive(queue));
      return true;
    } catch (IOException e) {
      if (Channels.isNotFound(e)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Declares an existing queue again with the arguments: the broker refuses (406) unless it has
   * exactly those, which is said once.
   */
  private void checkArguments(Connection connection, String queue, Map<String, Object> arguments)
      throws IOException {
    try {
      Channels.withChannel(connection, ch -> ch.queueDeclare(queue, true, false, false, arguments));
    } catch (IOException e) {
      if (!preconditionFailed(e)) {
        throw e;
      }
      if (warned.add(queue)) {
        BarterDudeLog.missingDeadLetterArguments(queue, FailurePolicy.deadLetterQueue(queue));
      }
    }
  }

  private static boolean preconditionFailed(IOException error) {
    return error.getCause() instanceof ShutdownSignalException signal
        && signal.getReason() instanceof AMQP.Channel.Close close
        && close.getReplyCode() == AMQP.PRECONDITION_FAILED;
  }
}
