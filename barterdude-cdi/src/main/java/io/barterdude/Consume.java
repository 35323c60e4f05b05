package io.barterdude;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.barterdude.hooks.Hook;
import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks the event parameter of a CDI observer method as a RabbitMQ consumer.
 *
 * <pre>{@code
 * void handle(@Observes @Consume(queues = {"queue1", "queue2"}, concurrency = 10) Message msg) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Each annotated method is one consumer: BarterDude subscribes to every queue it names when the
 * application starts and delivers each message of those queues to that method only. The message is
 * acknowledged once the method returns normally; if it throws, the message is retried when {@link
 * #requeueOnFail()} is true and the exception is not one of {@link #noRetryFor()}, at most {@link
 * #maxAttempts()} times in all, at once or after {@link #retryDelayMillis()}, and then given up (to
 * {@code <queue>.dlq} with {@code barterdude.dead-letter=auto}, see {@link DeadLetters}). A handler
 * may settle the message itself with {@link Message#accept()} or {@link Message#reject(boolean)}.
 *
 * <p>Mistakes (no queue, a blank queue name, a parameter that is not a {@link Message}, a
 * concurrency below 1, a prefetch below the concurrency, a private method, extra parameters, a
 * queue read by two consumers) fail the deployment, all reported together.
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({PARAMETER, FIELD, METHOD, TYPE})
public @interface Consume {

  /**
   * The queues this consumer reads; at least one. Each is declared durable at startup unless it
   * already exists (then it is used as it is) or {@code barterdude.declare-queues} is false.
   *
   * @return the queue names
   */
  @Nonbinding
  String[] queues();

  /**
   * The consumer's name in configuration: {@code barterdude.consumer.<name>.<attribute>} overrides
   * its attributes ({@code queues}, {@code concurrency}, {@code prefetch}, {@code priority}, {@code
   * requeue-on-fail}, {@code validation-schema}, {@code requeue-on-validation-fail}, {@code
   * batch-size}, {@code batch-flush-millis}, {@code hooks}: class names or {@code none}, {@code
   * max-attempts}, {@code retry-delay-ms}, {@code no-retry-for}: class names, {@code dead-letter}:
   * {@code auto} or {@code none}) and {@code barterdude.consumer.<name>.enabled=false} turns it
   * off. Empty (the default) means {@code SimpleClassName.method}.
   *
   * @return the name
   */
  @Nonbinding
  String name() default "";

  /**
   * The most messages this consumer handles at once (the Python BarterDude's {@code coroutines}).
   *
   * @return the concurrency, at least 1
   */
  @Nonbinding
  int concurrency() default 10;

  /**
   * The most unacknowledged messages the broker sends this consumer per queue (messages waiting for
   * the confirms of what their handler published count too). 0, the default, means {@code
   * barterdude.prefetch} (for a batch consumer at least {@code batchSize × (concurrency + 1)}). A
   * prefetch below {@link #concurrency()}, or for a batch consumer below {@code batchSize ×
   * (concurrency + 1)}, fails the deployment: some workers would never get a message.
   *
   * @return the prefetch, 0 to 65535
   */
  @Nonbinding
  int prefetch() default 0;

  /**
   * The consumer priority ({@code x-priority}): while a higher-priority consumer of the same queue
   * (in this application or another) can take messages, the broker sends none to lower ones. 0, the
   * default and the broker's, sends no priority.
   *
   * @return the priority
   */
  @Nonbinding
  int priority() default 0;

  /**
   * For a consumer taking {@code List<Message>} (a batch consumer): the most messages in one batch.
   * Each message of a batch keeps its own outcome: those the handler did not settle are
   * acknowledged when it returns and rejected (requeued per {@link #requeueOnFail()}) when it
   * throws. At most {@link #concurrency()} batches are handled at once.
   *
   * @return the batch size, at least 1
   */
  @Nonbinding
  int batchSize() default 10;

  /**
   * For a batch consumer: how long a batch may wait for more messages after its first one (the
   * Python BarterDude's {@code bulk_flush_interval}). 0, the default, hands a batch over as soon as
   * a worker is free, with the messages that have arrived: no message waits at low traffic, and
   * batches fill up by themselves under load. A positive value waits for full batches, at the cost
   * of that much latency when traffic is low.
   *
   * @return the flush interval in milliseconds, at least 0
   */
  @Nonbinding
  long batchFlushMillis() default 0;

  /**
   * Whether a message whose handler threw is put back on its queue (true) or dropped, or
   * dead-lettered when the queue has a dead-letter exchange (false).
   *
   * @return whether failed messages are requeued
   */
  @Nonbinding
  boolean requeueOnFail() default true;

  /**
   * A JSON Schema every message must match before it reaches the handler: a resource path of the
   * application (for a WAR, {@code src/main/resources/<path>}, read with the consumer class's class
   * loader) or the schema itself as inline JSON (text starting with <code>{</code>). Read and
   * compiled once at deployment; a missing or invalid schema fails the deployment. Empty (the
   * default) means no validation. An invalid message never reaches the handler: the fail hooks and
   * events get a {@link io.barterdude.validation.ValidationException} and the message is rejected,
   * requeued only if {@link #requeueOnValidationFail()}.
   *
   * @return the schema resource or inline schema
   */
  @Nonbinding
  String validationSchema() default "";

  /**
   * Whether a message that fails validation is put back on its queue.
   *
   * @return false (the default) to drop or dead-letter invalid messages
   */
  @Nonbinding
  boolean requeueOnValidationFail() default false;

  /**
   * The hooks monitoring this consumer: every hook bean assignable to one of these types. The
   * default, {@code Hook.class}, selects every hook; {@code {}} selects none. Naming a type no hook
   * bean has fails the deployment.
   *
   * @return the hook types
   */
  @Nonbinding
  Class<? extends Hook>[] hooks() default Hook.class;

  /**
   * Deliveries of a failing message before it is given up (dead-lettered): 0 retries forever, -1
   * (the default) takes {@code barterdude.max-attempts}.
   *
   * @return the attempts, at least -1
   */
  @Nonbinding
  int maxAttempts() default -1;

  /**
   * The wait before the first retry of a failed message, doubled at each further failure up to
   * {@code barterdude.retry-max-delay-ms}. The message waits on the broker, in a queue of its own,
   * not in memory. 0 retries at once; -1 (the default) takes {@code barterdude.retry-delay-ms}.
   *
   * @return the delay in milliseconds, at least -1
   */
  @Nonbinding
  long retryDelayMillis() default -1;

  /**
   * Exceptions not worth retrying: a message whose handler throws one of these (or a subclass) is
   * given up at once. {@link MessageFormatException} and {@link
   * io.barterdude.validation.ValidationException} are never retried, whatever this says.
   *
   * @return the exception types
   */
  @Nonbinding
  Class<? extends Throwable>[] noRetryFor() default {};
}
