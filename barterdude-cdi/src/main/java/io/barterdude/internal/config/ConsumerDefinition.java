package io.barterdude.internal.config;

import io.barterdude.Consume;
import io.barterdude.Message;
import io.barterdude.hooks.Hook;
import io.barterdude.validation.MessageValidation;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedParameter;
import jakarta.enterprise.inject.spi.Bean;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * One consumer: a method with a {@link Consume} parameter on a bean, and the settings from its
 * annotation. Immutable; {@link #validate()} lists what is wrong with it.
 *
 * @param bean the bean declaring the method
 * @param method the consumer method
 * @param name the consumer's one name, {@code @Consume(name)} or else {@code
 *     SimpleClassName.method}: in its config keys, logs, errors, metrics, health and events
 * @param enabled false when {@code barterdude.consumer.<name>.enabled=false}: never subscribed
 * @param queues the queues to read
 * @param concurrency the most messages handled at once
 * @param prefetch the consumer's own prefetch, or 0 for {@code barterdude.prefetch}
 * @param priority the consumer priority ({@code x-priority}); 0, the broker's default, sends none
 * @param requeueOnFail whether failed messages are requeued
 * @param batchSize the most messages in one batch (batch consumers)
 * @param batchFlushMillis how long a batch waits for more messages; 0 for no wait
 * @param hooks the hook types selected (every hook bean assignable to one of them)
 * @param validation the compiled schema, or null without one (or when it failed to compile)
 * @param requeueOnValidationFail whether invalid messages are requeued
 * @param maxAttempts deliveries of a failing message before it is given up; -1 for the global
 *     setting
 * @param retryDelayMillis the wait before the first retry; -1 for the global setting
 * @param noRetryFor exceptions that give the message up at once
 * @param deadLetter whether given-up messages go to {@code <queue>.dlq}; null for the global
 *     setting
 * @param settingProblems invalid schema or per-consumer configuration
 * @param parameterCount how many parameters the method declares
 * @param parameterType the type of the {@code @Consume} parameter
 * @param observes whether the parameter is annotated {@code @Observes}
 * @param observesAsync whether the parameter is annotated {@code @ObservesAsync}
 */
public record ConsumerDefinition(
    Bean<?> bean,
    Method method,
    String name,
    boolean enabled,
    List<String> queues,
    int concurrency,
    int prefetch,
    int priority,
    boolean requeueOnFail,
    int batchSize,
    long batchFlushMillis,
    List<Class<? extends Hook>> hooks,
    MessageValidation validation,
    boolean requeueOnValidationFail,
    int maxAttempts,
    long retryDelayMillis,
    List<Class<? extends Throwable>> noRetryFor,
    Boolean deadLetter,
    List<String> settingProblems,
    int parameterCount,
    java.lang.reflect.Type parameterType,
    boolean observes,
    boolean observesAsync) {

  /** The largest prefetch AMQP can express. */
  public static final int MAX_PREFETCH = 65_535;

  /**
   * The most deliveries {@code barterdude.consumer.<name>.max-attempts} may allow, as the global.
   */
  private static final int MAX_ATTEMPTS = 1_000_000;

  private static final int MAX = Integer.MAX_VALUE;

  /**
   * Reads a consumer from the parameter that carries {@link Consume}.
   *
   * @param bean the declaring bean
   * @param method the method
   * @param parameter the {@code @Consume} parameter
   * @return the definition, not yet validated
   */
  public static ConsumerDefinition of(
      Bean<?> bean, AnnotatedMethod<?> method, AnnotatedParameter<?> parameter, Config config) {
    Consume consume = parameter.getAnnotation(Consume.class);
    Method javaMethod = method.getJavaMember();
    String name =
        consume.name().isBlank()
            ? javaMethod.getDeclaringClass().getSimpleName() + "." + javaMethod.getName()
            : consume.name();
    ConsumerOverrides overrides = new ConsumerOverrides(config, name);
    MessageValidation validation = null;
    List<String> problems = new ArrayList<>();
    try {
      validation =
          compile(
              overrides.text("validation-schema", consume.validationSchema()),
              javaMethod.getDeclaringClass());
    } catch (IllegalArgumentException e) {
      problems.add("validationSchema: " + e.getMessage());
    }
    List<String> queues = overrides.queues(consume.queues());
    int concurrency = overrides.integer("concurrency", consume.concurrency(), 1, MAX);
    int prefetch = overrides.integer("prefetch", consume.prefetch(), 0, MAX_PREFETCH);
    int priority = overrides.integer("priority", consume.priority(), Integer.MIN_VALUE, MAX);
    boolean requeueOnFail = overrides.bool("requeue-on-fail", consume.requeueOnFail());
    boolean requeueInvalid =
        overrides.bool("requeue-on-validation-fail", consume.requeueOnValidationFail());
    boolean enabled = overrides.bool("enabled", true);
    int batchSize = overrides.integer("batch-size", consume.batchSize(), 1, MAX);
    int batchFlushMillis =
        overrides.integer(
            "batch-flush-millis", (int) Math.min(consume.batchFlushMillis(), MAX), 0, MAX);
    ClassLoader loader = javaMethod.getDeclaringClass().getClassLoader();
    List<Class<? extends Hook>> hooks =
        overrides.types("hooks", consume.hooks(), Hook.class, loader);
    int maxAttempts = overrides.integer("max-attempts", consume.maxAttempts(), -1, MAX_ATTEMPTS);
    int retryDelay =
        overrides.integer(
            "retry-delay-ms", (int) Math.min(consume.retryDelayMillis(), MAX), -1, MAX);
    List<Class<? extends Throwable>> noRetryFor =
        overrides.types("no-retry-for", consume.noRetryFor(), Throwable.class, loader);
    Boolean deadLetter = overrides.deadLetter();
    problems.addAll(overrides.problems());
    return new ConsumerDefinition(
        bean,
        javaMethod,
        name,
        enabled,
        queues,
        concurrency,
        prefetch,
        priority,
        requeueOnFail,
        batchSize,
        batchFlushMillis,
        hooks,
        validation,
        requeueInvalid,
        maxAttempts,
        retryDelay,
        noRetryFor,
        deadLetter,
        List.copyOf(problems),
        javaMethod.getParameterCount(),
        parameter.getBaseType(),
        parameter.isAnnotationPresent(Observes.class),
        parameter.isAnnotationPresent(ObservesAsync.class));
  }

  private static MessageValidation compile(String schema, Class<?> consumerClass) {
    if (schema.isBlank()) {
      return null;
    }
    return schema.strip().startsWith("{")
        ? MessageValidation.fromJson(schema)
        : MessageValidation.fromResource(schema, consumerClass.getClassLoader());
  }

  /**
   * Whether this consumer is monitored by a hook bean of the given class.
   *
   * @param hookClass the hook's bean class
   * @return true when the class is assignable to one of {@link #hooks()}
   */
  public boolean selects(Class<?> hookClass) {
    return hooks.stream().anyMatch(type -> type.isAssignableFrom(hookClass));
  }

  /**
   * Everything wrong with this consumer, each line naming it.
   *
   * @return the problems, empty when the consumer is valid
   */
  public List<String> validate() {
    List<String> problems = new ArrayList<>();
    checkObserver(problems);
    checkMethod(problems);
    checkQueues(problems);
    problems.addAll(settingProblems);
    if (concurrency < 1) {
      problems.add("concurrency must be at least 1, was " + concurrency);
    }
    if (prefetch < 0 || prefetch > MAX_PREFETCH) {
      problems.add("prefetch must be from 0 to " + MAX_PREFETCH + ", was " + prefetch);
    }
    checkBatch(problems);
    if (maxAttempts < -1 || retryDelayMillis < -1) {
      problems.add(
          "maxAttempts and retryDelayMillis must be at least 0 (or -1 for the global setting)");
    }
    return problems.stream().map(problem -> name + ": " + problem).toList();
  }

  private void checkObserver(List<String> problems) {
    if (observesAsync) {
      problems.add("@Consume needs @Observes; @ObservesAsync is not supported");
    } else if (!observes) {
      problems.add("@Consume must be on the @Observes parameter of an observer method");
    }
    if (!isConcrete(parameterType)) {
      problems.add(
          "the @Consume parameter must be "
              + Message.class.getName()
              + " or a concrete payload type, was "
              + parameterType.getTypeName());
    }
  }

  /**
   * Whether the method takes the {@link Message} itself rather than its body bound with JSON-B.
   *
   * @return true for a {@code Message} parameter
   */
  public boolean takesMessage() {
    return parameterType == Message.class;
  }

  /**
   * Whether the method takes a batch, {@code List<Message>}.
   *
   * @return true for a batch consumer
   */
  public boolean takesBatch() {
    return parameterType instanceof ParameterizedType list
        && list.getRawType() == List.class
        && list.getActualTypeArguments()[0] == Message.class;
  }

  private static boolean isConcrete(java.lang.reflect.Type type) {
    if (type instanceof Class<?> || type instanceof GenericArrayType) {
      return true;
    }
    return type instanceof ParameterizedType parameterized
        && Arrays.stream(parameterized.getActualTypeArguments())
            .allMatch(ConsumerDefinition::isConcrete);
  }

  /**
   * The prefetch this consumer's subscriptions use: its own, else {@code barterdude.prefetch}; a
   * batch consumer without its own gets at least {@link #minimumPrefetch()}, so that its batches
   * fill up.
   *
   * @param globalPrefetch {@code barterdude.prefetch}
   * @return the prefetch
   */
  public int prefetch(int globalPrefetch) {
    if (prefetch > 0) {
      return prefetch;
    }
    return takesBatch() ? Math.max(globalPrefetch, minimumPrefetch()) : globalPrefetch;
  }

  /** Whether the consumer has a prefetch of its own (annotation or configuration). */
  public boolean hasOwnPrefetch() {
    return prefetch > 0;
  }

  /**
   * The smallest prefetch that keeps every worker busy: {@code concurrency}, or for a batch
   * consumer a batch per worker plus a full batch arriving, {@code batchSize × (concurrency + 1)}
   * (at most {@link #MAX_PREFETCH}).
   *
   * @return the minimum
   */
  public int minimumPrefetch() {
    long needed = takesBatch() ? (long) batchSize * (concurrency + 1) : concurrency;
    return (int) Math.min(MAX_PREFETCH, needed);
  }

  /**
   * What is wrong with the prefetch this consumer would use: below {@link #minimumPrefetch()}, some
   * workers (or batch slots) could never get a message.
   *
   * @param globalPrefetch {@code barterdude.prefetch}
   * @return the problem naming the consumer, or empty
   */
  public Optional<String> prefetchProblem(int globalPrefetch) {
    int used = prefetch(globalPrefetch);
    if (!enabled || used >= minimumPrefetch()) {
      return Optional.empty();
    }
    String source =
        prefetch > 0 ? "barterdude.consumer." + name + ".prefetch" : "barterdude.prefetch";
    String rule =
        takesBatch()
            ? "batchSize × (concurrency + 1) = " + batchSize + " × " + (concurrency + 1)
            : "concurrency " + concurrency;
    return Optional.of(
        name
            + ": prefetch "
            + used
            + " (from "
            + source
            + ") is below "
            + rule
            + ": workers would wait for messages the broker never sends; raise the prefetch or"
            + " lower the concurrency");
  }

  private void checkBatch(List<String> problems) {
    if (takesBatch()) {
      if (batchSize < 1) {
        problems.add("batchSize must be at least 1, was " + batchSize);
      }
      if (batchFlushMillis < 0) {
        problems.add("batchFlushMillis must be at least 0, was " + batchFlushMillis);
      }
    } else if (batchSize != 10 || batchFlushMillis != 0) {
      problems.add("batchSize and batchFlushMillis apply to List<Message> consumers only");
    }
  }

  private void checkMethod(List<String> problems) {
    if (Modifier.isPrivate(method.getModifiers())) {
      problems.add(
          "the method must not be private (it is called through the bean's contextual reference)");
    }
    if (parameterCount != 1) {
      problems.add("the method must have exactly one parameter, has " + parameterCount);
    }
  }

  private void checkQueues(List<String> problems) {
    if (queues.isEmpty()) {
      problems.add("@Consume declares no queue");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < queues.size(); i++) {
      String queue = queues.get(i);
      if (queue == null || queue.isBlank()) {
        problems.add("queue name #" + (i + 1) + " is blank");
      } else if (!seen.add(queue)) {
        problems.add("queue '" + queue + "' is listed twice");
      }
    }
  }
}
