package io.barterdude;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.hooks.Hook;
import io.barterdude.hooks.HttpHook;
import io.barterdude.it.LogCapture;
import io.barterdude.it.TestApp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.spi.BeanManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every mistake in a {@code @Consume} declaration fails the deployment, all reported together. */
class DefinitionErrorsTest {

  @ApplicationScoped
  static class NoQueue {
    void on(@Observes @Consume(queues = {}) Message message) {}
  }

  @ApplicationScoped
  static class BlankQueue {
    void on(@Observes @Consume(queues = {"ok", " "}) Message message) {}
  }

  @ApplicationScoped
  static class DuplicateQueue {
    void on(@Observes @Consume(queues = {"dup", "dup"}) Message message) {}
  }

  @Dependent
  static class WrongType<T> {
    void on(@Observes @Consume(queues = "wrong-type") T message) {}
  }

  @ApplicationScoped
  static class ZeroConcurrency {
    void on(@Observes @Consume(queues = "zero", concurrency = 0) Message message) {}
  }

  @ApplicationScoped
  static class PrivateMethod {
    @SuppressWarnings("unused")
    private void on(@Observes @Consume(queues = "private") Message message) {}
  }

  @ApplicationScoped
  static class ExtraParameter {
    void on(@Observes @Consume(queues = "extra") Message message, BeanManager beanManager) {}
  }

  @ApplicationScoped
  static class Async {
    void on(@ObservesAsync @Consume(queues = "async") Message message) {}
  }

  @ApplicationScoped
  static class BrokenSchema {
    void on(
        @Observes @Consume(queues = "broken", validationSchema = "schemas/broken.json")
            Message m) {}
  }

  @ApplicationScoped
  static class MissingSchema {
    void on(
        @Observes @Consume(queues = "missing", validationSchema = "schemas/none.json") Message m) {}
  }

  @ApplicationScoped
  static class PrefetchBelowConcurrency {
    void on(@Observes @Consume(queues = "pf-own", concurrency = 10, prefetch = 5) Message m) {}
  }

  @ApplicationScoped
  static class GlobalPrefetchBelowConcurrency {
    void on(@Observes @Consume(queues = "pf-global", concurrency = 8) Message m) {}
  }

  @ApplicationScoped
  static class BatchPrefetchBelowWindow {
    void on(
        @Observes @Consume(queues = "pf-batch", batchSize = 10, concurrency = 2, prefetch = 25)
            List<Message> batch) {}
  }

  @ApplicationScoped
  static class BatchRaisedAboveGlobalPrefetch {
    void on(
        @Observes @Consume(queues = "pf-raised", batchSize = 10, concurrency = 2)
            List<Message> batch) {}
  }

  @ApplicationScoped
  static class FirstReader {
    void on(@Observes @Consume(queues = "shared") Message message) {}
  }

  @ApplicationScoped
  static class SecondReader {
    void on(@Observes @Consume(queues = "shared") Message message) {}
  }

  @ApplicationScoped
  static class Twin {
    void on(@Observes @Consume(queues = "twin-a") Message message) {}
  }

  /** Holds a second consumer whose default name is also {@code Twin.on}. */
  static class Other {
    @ApplicationScoped
    static class Twin {
      void on(@Observes @Consume(queues = "twin-b") Message message) {}
    }
  }

  @Test
  void twoConsumersCannotShareAName() {
    assertContains(
        failure(Twin.class, Other.Twin.class),
        "Twin.on: the name of several consumers [io.barterdude.DefinitionErrorsTest$Other$Twin.on,"
            + " io.barterdude.DefinitionErrorsTest$Twin.on]; give each its own @Consume(name = ...)");
  }

  @Test
  void everyProblemIsReportedInOneError() {
    String message =
        failure(
            NoQueue.class,
            BlankQueue.class,
            DuplicateQueue.class,
            WrongType.class,
            ZeroConcurrency.class,
            PrivateMethod.class,
            ExtraParameter.class,
            Async.class,
            FirstReader.class,
            SecondReader.class,
            BrokenSchema.class,
            MissingSchema.class);
    assertContains(message, "BDCDI0100");
    assertContains(message, "NoQueue.on: @Consume declares no queue");
    assertContains(message, "BlankQueue.on: queue name #2 is blank");
    assertContains(message, "DuplicateQueue.on: queue 'dup' is listed twice");
    assertContains(
        message,
        "WrongType.on: the @Consume parameter must be"
            + " io.barterdude.Message or a concrete payload type, was T");
    assertContains(message, "ZeroConcurrency.on: concurrency must be at least 1, was 0");
    assertContains(message, "PrivateMethod.on: the method must not be private");
    assertContains(message, "ExtraParameter.on: the method must have exactly one parameter");
    assertContains(message, "Async.on: @Consume needs @Observes");
    assertContains(
        message,
        "BrokenSchema.on: validationSchema: resource 'schemas/broken.json' is"
            + " not a valid JSON Schema");
    assertContains(
        message,
        "MissingSchema.on: validationSchema: schema resource" + " 'schemas/none.json' not found");
    assertContains(
        message, "SecondReader.on: queue 'shared' is already read by" + " FirstReader.on");
  }

  @ApplicationScoped
  static class ZeroBatchSize {
    void on(@Observes @Consume(queues = "zero-batch", batchSize = 0) List<Message> batch) {}
  }

  @ApplicationScoped
  static class NegativeFlush {
    void on(
        @Observes @Consume(queues = "negative-flush", batchFlushMillis = -1) List<Message> batch) {}
  }

  @ApplicationScoped
  static class SingleWithBatchSize {
    void on(@Observes @Consume(queues = "single-size", batchSize = 5) Message message) {}
  }

  @ApplicationScoped
  static class SingleWithFlush {
    void on(@Observes @Consume(queues = "single-flush", batchFlushMillis = 100) Message message) {}
  }

  @ApplicationScoped
  static class NotAnObserver {
    void on(@Consume(queues = "not-observer") Message message) {}
  }

  @Test
  void batchMistakesAndAConsumeWithoutObservesFailTheDeployment() {
    String message =
        failure(
            ZeroBatchSize.class,
            NegativeFlush.class,
            SingleWithBatchSize.class,
            SingleWithFlush.class,
            NotAnObserver.class);
    assertContains(message, "BDCDI0100");
    assertContains(message, "ZeroBatchSize.on: batchSize must be at least 1, was 0");
    assertContains(message, "NegativeFlush.on: batchFlushMillis must be at least 0, was -1");
    String batchOnly = ": batchSize and batchFlushMillis apply to List<Message> consumers only";
    assertContains(message, "SingleWithBatchSize.on" + batchOnly);
    assertContains(message, "SingleWithFlush.on" + batchOnly);
    assertContains(
        message,
        "NotAnObserver.on: @Consume must be on the @Observes parameter of an" + " observer method");
  }

  interface MissingHook extends Hook {}

  @ApplicationScoped
  static class NamesMissingHook {
    void on(@Observes @Consume(queues = "names-missing", hooks = MissingHook.class) Message m) {}
  }

  @ApplicationScoped
  static class RoutelessHttpHook implements HttpHook {}

  @Test
  void unknownHooksAndHttpHooksWithoutPathFailTheDeployment() {
    String message = failure(NamesMissingHook.class, RoutelessHttpHook.class);
    assertContains(
        message,
        "BDCDI0101: NamesMissingHook.on: @Consume names hook"
            + " io.barterdude.DefinitionErrorsTest$MissingHook but no bean of that type exists");
    assertContains(
        message,
        "BDCDI0102: HttpHook io.barterdude.DefinitionErrorsTest$RoutelessHttpHook needs"
            + " @jakarta.ws.rs.Path");
  }

  @ApplicationScoped
  static class NegativeAttempts {
    void on(@Observes @Consume(queues = "negative-attempts", maxAttempts = -2) Message message) {}
  }

  @Test
  void badFailureRulesFailTheDeployment() {
    String message =
        failure(
            Map.of(
                "barterdude.consumer.FirstReader.on.no-retry-for", "java.lang.String",
                "barterdude.consumer.FirstReader.on.dead-letter", "always"),
            NegativeAttempts.class,
            FirstReader.class);
    assertContains(
        message,
        "NegativeAttempts.on: maxAttempts and retryDelayMillis must be at"
            + " least 0 (or -1 for the global setting)");
    assertContains(
        message,
        "barterdude.consumer.FirstReader.on.no-retry-for names java.lang.String, which is not a"
            + " Throwable");
    assertContains(
        message,
        "barterdude.consumer.FirstReader.on.dead-letter must be one of [auto, none], was"
            + " 'always'");
  }

  @Test
  void invalidConfigurationFailsTheDeploymentWithoutShowingThePassword() {
    String message =
        failure(
            Map.of(
                "barterdude.prefetch", "-1",
                "barterdude.port", "http",
                "barterdude.password", "s3cr3t-value",
                "barterdude.declare-queues", "maybe",
                "barterdude.dead-letter", "sometimes"),
            FirstReader.class);
    assertContains(message, "BDCDI0010");
    assertContains(message, "barterdude.prefetch must be an integer from 1 to 65535, was '-1'");
    assertContains(message, "barterdude.port must be an integer from 1 to 65535, was 'http'");
    assertContains(message, "barterdude.declare-queues must be true or false, was 'maybe'");
    assertContains(message, "barterdude.dead-letter must be one of [auto, none], was 'sometimes'");
    assertTrue(!message.contains("s3cr3t-value"), message);
  }

  @Test
  void invalidPerConsumerHooksAndBatchSettingsFailTheDeployment() {
    String message =
        failure(
            Map.of(
                "barterdude.consumer.FirstReader.on.hooks", "java.lang.String,no.such.Hook",
                "barterdude.consumer.FirstReader.on.batch-size", "many"),
            FirstReader.class);
    assertContains(
        message,
        "barterdude.consumer.FirstReader.on.hooks names java.lang.String, which is not a Hook");
    assertContains(
        message,
        "barterdude.consumer.FirstReader.on.hooks names no.such.Hook, which is not a class");
    assertContains(
        message,
        "barterdude.consumer.FirstReader.on.batch-size must be an integer from 1 to 2147483647,"
            + " was 'many'");
  }

  @Test
  void anOwnPrefetchThatLeavesWorkersIdleFailsTheDeploymentAGlobalOneIsAWarning() {
    String message;
    String warnings;
    try (LogCapture log = new LogCapture("io.barterdude")) {
      message =
          failure(
              Map.of("barterdude.prefetch", "6"),
              PrefetchBelowConcurrency.class,
              GlobalPrefetchBelowConcurrency.class,
              BatchPrefetchBelowWindow.class,
              BatchRaisedAboveGlobalPrefetch.class);
      warnings = log.text();
    }
    assertContains(message, "BDCDI0032");
    assertContains(
        message,
        "PrefetchBelowConcurrency.on: prefetch 5 (from"
            + " barterdude.consumer.PrefetchBelowConcurrency.on.prefetch) is below concurrency 10");
    assertTrue(!message.contains("GlobalPrefetchBelowConcurrency"), message);
    assertContains(
        warnings,
        "BDCDI0033: GlobalPrefetchBelowConcurrency.on: prefetch 6"
            + " (from barterdude.prefetch) is below concurrency 8");
    assertContains(
        message,
        "BatchPrefetchBelowWindow.on: prefetch 25 (from"
            + " barterdude.consumer.BatchPrefetchBelowWindow.on.prefetch) is below batchSize ×"
            + " (concurrency + 1) = 10 × 3");
    assertTrue(
        !message.contains("BatchRaisedAboveGlobalPrefetch"),
        "a batch consumer without its own prefetch gets batchSize x (concurrency + 1): " + message);
  }

  @Test
  void aPerConsumerPrefetchOutOfRangeIsADefinitionErrorNamingTheKey() {
    String message =
        failure(Map.of("barterdude.consumer.FirstReader.on.prefetch", "70000"), FirstReader.class);
    assertContains(
        message,
        "FirstReader.on: barterdude.consumer.FirstReader.on.prefetch must be"
            + " an integer from 0 to 65535, was '70000'");
  }

  @ApplicationScoped
  static class HugePrefetch {
    void on(@Observes @Consume(queues = "too-many", prefetch = 70000) Message message) {}
  }

  @Test
  void anAnnotatedPrefetchOutOfRangeIsADefinitionError() {
    assertContains(
        failure(HugePrefetch.class),
        "HugePrefetch.on: prefetch must be from 0 to 65535, was 70000");
  }

  private static String failure(Class<?>... beans) {
    return failure(Map.of(), beans);
  }

  private static String failure(Map<String, String> settings, Class<?>... beans) {
    RuntimeException error =
        assertThrows(RuntimeException.class, () -> TestApp.startUnready(settings, beans).close());
    StringBuilder text = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause()) {
      text.append(t.getMessage()).append('\n');
    }
    return text.toString();
  }

  private static void assertContains(String text, String expected) {
    assertTrue(text.contains(expected), () -> "expected <" + expected + "> in:\n" + text);
  }
}
