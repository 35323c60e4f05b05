package io.barterdude.internal.processing;

import io.barterdude.HandlerTimeoutException;
import io.barterdude.MessageFormatException;
import io.barterdude.PublishException;
import io.barterdude.internal.config.ConsumerDefinition;
import io.barterdude.internal.failure.FailurePolicy;
import io.barterdude.internal.failure.Retries;
import io.barterdude.internal.log.BarterDudeLog;
import io.barterdude.internal.message.AmqpMessage;
import io.barterdude.internal.message.JsonCodec;
import io.barterdude.internal.publishing.ConfirmedOutputs;
import io.barterdude.internal.publishing.HandlerOutputs;
import io.barterdude.internal.publishing.Publisher;
import io.barterdude.internal.trace.MessageSpan;
import io.barterdude.internal.trace.Tracing;
import io.barterdude.validation.MessageValidation;
import io.barterdude.validation.ValidationException;
import io.barterdude.validation.ValidationException.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The life of one message in a consumer: before-consume hooks, schema validation, the handler, then
 * the outcome, once the broker confirmed what the handler published (see {@link HandlerOutputs}):
 * after success, acknowledged and then the success hooks; after failure, the fail hooks and then
 * rejected, retried or dropped by {@link Retries}, so that the fail hooks of one message's
 * deliveries run in the order of its attempts. A message whose handler times out is completed by
 * the timeout instead, exactly once. A message that failed only because the broker blocks
 * publishers is not completed: it is held, to be handled again once the broker unblocks. With
 * {@link Tracing}, a single message's processing is a span, current while its hooks and handler
 * run.
 */
public final class DeliveryProcessor {

  /** Where a message's outcome goes when it is not decided on the handler's thread. */
  public interface Continuation {
    /** Runs the outcome of messages whose confirms came after their handler returned. */
    void later(Runnable outcome);

    /** Takes a message whose handler could not publish because the broker blocks publishers. */
    void holdUntilUnblocked(AmqpMessage message);
  }

  private final ConsumerDefinition definition;
  private final ConsumerInvoker invoker;
  private final Monitor monitor;
  private final Retries retries;
  private final JsonCodec codec;
  private final Publisher publisher;
  private final long confirmTimeoutMillis;
  private final Tracing tracing;

  /** Failures that cannot succeed on a second try (see {@link #isInvalid}). */
  private static final List<Class<? extends Throwable>> NEVER_VALID =
      List.of(ValidationException.class, MessageFormatException.class);

  public DeliveryProcessor(
      ConsumerDefinition definition,
      ConsumerInvoker invoker,
      Monitor monitor,
      Retries retries,
      Publisher publisher,
      JsonCodec codec,
      long confirmTimeoutMillis,
      Tracing tracing) {
    this.definition = definition;
    this.codec = codec;
    this.invoker = invoker;
    this.monitor = monitor;
    this.retries = retries;
    this.publisher = publisher;
    this.confirmTimeoutMillis = confirmTimeoutMillis;
    this.tracing = tracing;
  }

  /** What the handler gets for one message, or why it gets nothing. */
  private record Prepared(Object argument, ValidationException invalid) {}

  /**
   * Processes a message.
   *
   * @return what the handler threw or the violations, or null (the outcome may still fail if a
   *     message the handler published is not confirmed)
   */
  public Throwable process(AmqpMessage message, long startedNanos, Continuation next) {
    return process(message, startedNanos, next, brokerOutputs());
  }

  /**
   * Processes a message whose handler publishes through the given outputs.
   *
   * @param outputs where the handler's publishes go, or null to send each at once and wait for its
   *     confirm
   * @return what the handler threw or the violations, or null
   */
  public Throwable process(
      AmqpMessage message, long startedNanos, Continuation next, HandlerOutputs outputs) {
    if (tracing != null) {
      message.traced(
          tracing.startProcess(message.queue(), message.envelope(), message.properties()));
    }
    try (MessageSpan.Scope traced = message.spanScope()) {
      Prepared prepared = prepare(message);
      if (prepared.invalid() != null) {
        finish(message, prepared.invalid(), startedNanos, next);
        return prepared.invalid();
      }
      Throwable failure = invokeHandler(prepared.argument(), outputs);
      afterHandler(List.of(message), outputs, failure, startedNanos, next);
      return failure;
    }
  }

  /**
   * Processes a batch: invalid messages are completed on their own, the handler gets the others at
   * once, and each of those completes with the handler's outcome unless it settled it.
   *
   * @return what the handler threw, or null
   */
  public Throwable processBatch(List<AmqpMessage> batch, long startedNanos, Continuation next) {
    return processBatch(batch, startedNanos, next, brokerOutputs());
  }

  /**
   * Processes a batch whose handler publishes through the given outputs.
   *
   * @param outputs where the handler's publishes go, or null to send each at once and wait for its
   *     confirm
   * @return what the handler threw, or null
   */
  public Throwable processBatch(
      List<AmqpMessage> batch, long startedNanos, Continuation next, HandlerOutputs outputs) {
    List<AmqpMessage> valid = new ArrayList<>(batch.size());
    for (AmqpMessage message : batch) {
      Prepared prepared = prepare(message);
      if (prepared.invalid() != null) {
        finish(message, prepared.invalid(), startedNanos, next);
      } else {
        valid.add(message);
      }
    }
    if (valid.isEmpty()) {
      return null;
    }
    Throwable failure = invokeHandler(Collections.unmodifiableList(valid), outputs);
    afterHandler(valid, outputs, failure, startedNanos, next);
    return failure;
  }

  /** Messages from the broker wait for the confirms of their handler's publishes. */
  private HandlerOutputs brokerOutputs() {
    return new ConfirmedOutputs(publisher, confirmTimeoutMillis);
  }

  /** Completes the messages now, or once the broker answered for every message published. */
  private void afterHandler(
      List<AmqpMessage> messages,
      HandlerOutputs outputs,
      Throwable failure,
      long startedNanos,
      Continuation next) {
    if (failure != null || outputs == null) {
      messages.forEach(message -> finish(message, failure, startedNanos, next));
      return;
    }
    outputs.whenConfirmed(
        published -> messages.forEach(message -> finish(message, published, startedNanos, next)),
        next::later);
  }

  /** Completes a message, unless it failed only because the broker blocks publishers. */
  private void finish(
      AmqpMessage message, Throwable failure, long startedNanos, Continuation next) {
    if (failure != null && !message.isSettled() && blockedPublish(failure)) {
      message.endSpan(failure);
      next.holdUntilUnblocked(message);
      return;
    }
    complete(message, failure, startedNanos);
  }

  private static boolean blockedPublish(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof PublishException publish
          && publish.reason() == PublishException.Reason.BLOCKED) {
        return true;
      }
      if (cause.getCause() == cause) {
        return false;
      }
    }
    return false;
  }

  /** Runs the before-consume hooks, validates, and binds the payload if the method wants one. */
  private Prepared prepare(AmqpMessage message) {
    monitor.beforeConsume(message);
    ValidationException invalid = validate(message);
    if (invalid != null || definition.takesMessage() || definition.takesBatch()) {
      return new Prepared(message, invalid);
    }
    try {
      return new Prepared(codec.bind(message.body(), definition.parameterType()), null);
    } catch (MessageFormatException unbindable) {
      return new Prepared(
          null, new ValidationException(List.of(new Violation("", unbindable.getMessage()))));
    }
  }

  /** Fails a message whose handler still runs after the timeout; false if it completed first. */
  public boolean timeOut(AmqpMessage message, long startedNanos, long timeoutMillis) {
    if (message.isCompleted()) {
      return false;
    }
    BarterDudeLog.handlerTimedOut(
        definition.name(), message.envelope().getDeliveryTag(), timeoutMillis);
    HandlerTimeoutException timeout =
        new HandlerTimeoutException(
            definition.name() + " ran longer than " + timeoutMillis + " ms");
    return complete(message, timeout, startedNanos);
  }

  private boolean complete(AmqpMessage message, Throwable failure, long startedNanos) {
    if (!message.complete()) {
      return false;
    }
    try (MessageSpan.Scope traced = message.spanScope()) {
      settle(message, failure, Duration.ofNanos(System.nanoTime() - startedNanos));
    } finally {
      message.endSpan(failure);
    }
    return true;
  }

  /** Runs the outcome's hooks and acknowledges, rejects or retries the message. */
  private void settle(AmqpMessage message, Throwable failure, Duration duration) {
    if (failure == null) {
      message.accept();
      monitor.onSuccess(message, duration);
      return;
    }
    monitor.onFail(message, failure, duration);
    if (isInvalid(failure)) {
      rejectInvalid(message, failure);
    } else {
      reject(message, failure);
    }
  }

  /** Validates against the consumer's schema, if any; returns the violations, or null. */
  private ValidationException validate(AmqpMessage message) {
    MessageValidation validation = definition.validation();
    if (validation == null) {
      return null;
    }
    try {
      message.useParsedJson(validation.validate(message.body()));
      return null;
    } catch (ValidationException e) {
      return e;
    }
  }

  /** Runs the handler, collecting what it publishes; returns what it threw, or null. */
  private Throwable invokeHandler(Object argument, HandlerOutputs outputs) {
    if (outputs != null) {
      outputs.open();
    }
    try {
      invoker.invoke(argument);
      return null;
    } catch (Throwable error) {
      return error;
    } finally {
      if (outputs != null) {
        outputs.close();
      }
    }
  }

  /**
   * Whether a failure cannot succeed on a second try: a validation failure, or a body that is not
   * JSON or cannot be bound ({@link MessageFormatException} from {@code json()} or {@code
   * bodyAs()}, even wrapped), as in the Python BarterDude.
   */
  private static boolean isInvalid(Throwable failure) {
    return FailurePolicy.causedBy(failure, NEVER_VALID);
  }

  private void rejectInvalid(AmqpMessage message, Throwable invalid) {
    boolean requeue = definition.requeueOnValidationFail();
    BarterDudeLog.messageInvalid(
        definition.name(),
        message.queue(),
        message.envelope().getDeliveryTag(),
        requeue,
        invalid.getMessage());
    retries.failed(message, invalid, requeue);
  }

  private void reject(AmqpMessage message, Throwable failure) {
    boolean retry = definition.requeueOnFail() && retries.retries(failure);
    if (!message.isSettled()) {
      BarterDudeLog.handlerFailed(
          definition.name(), message.queue(), message.envelope().getDeliveryTag(), retry, failure);
    }
    retries.failed(message, failure, retry);
  }
}
