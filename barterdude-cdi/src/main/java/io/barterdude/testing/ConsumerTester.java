package io.barterdude.testing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Runs a consumer on a {@link MessageDouble}, without a broker, through the same pipeline as a real
 * delivery: hooks and events, schema validation, the consumer's interceptors, and the outcome rules
 * (acknowledged after success, rejected and requeued or not on failure). Inject it in a CDI test
 * that added the {@link ConsumerTesting} extension (set {@code barterdude.connect=false} to run
 * without a broker):
 *
 * <pre>{@code
 * DeliveryResult result = tester.deliver("SampleConsumer.yourConsumer", MessageDouble.of("\"fail\""));
 * assertEquals(List.of(new Call("reject", Map.of("requeue", false))), result.messageCalls());
 * }</pre>
 */
@ApplicationScoped
public class ConsumerTester {

  /**
   * What a test delivery did.
   *
   * @param messageCalls how the message was settled ({@code accept}, {@code reject})
   * @param barterdudeCalls what the consumer published, if a {@link BarterDudeDouble} was given
   * @param exception what the consumer threw (or the validation error), or null
   */
  public record DeliveryResult(
      List<Call> messageCalls, List<Call> barterdudeCalls, Throwable exception) {}

  @Inject TestDeliveries deliveries;

  /**
   * New instances of BarterDude's portable extension and of the {@link ConsumerTesting} extension,
   * for CDI SE test containers that do not load service providers themselves, e.g. weld-junit5:
   * {@code
   * WeldInitiator.createWeld().beanClasses(MyConsumer.class).addExtensions(ConsumerTester.extensions())}.
   *
   * @return the extensions
   */
  public static Extension[] extensions() {
    List<Extension> extensions = new ArrayList<>();
    ServiceLoader.load(Extension.class, ConsumerTester.class.getClassLoader()).stream()
        .filter(provider -> provider.type().getPackageName().startsWith("io.barterdude."))
        .forEach(provider -> extensions.add(provider.get()));
    extensions.add(new ConsumerTesting());
    return extensions.toArray(Extension[]::new);
  }

  /**
   * Delivers a message to a consumer; its publishes are recorded, not sent.
   *
   * @param consumer the consumer's name ({@code @Consume(name)} or {@code SimpleClass.method}), or
   *     its end if that fits one consumer only (e.g. the method's name)
   * @param message the message
   * @return what happened
   * @throws IllegalArgumentException if no consumer has that name, or several do (the message lists
   *     them)
   */
  public DeliveryResult deliver(String consumer, MessageDouble message) {
    return deliver(consumer, message, new BarterDudeDouble());
  }

  /**
   * Delivers a message to a consumer.
   *
   * @param consumer the consumer's name ({@code @Consume(name)} or {@code SimpleClass.method}), or
   *     its end if that fits one consumer only (e.g. the method's name)
   * @param message the message
   * @param barterdude records the consumer's publishes; null publishes to the real broker
   * @return what happened
   * @throws IllegalArgumentException if no consumer has that name, or several do (the message lists
   *     them)
   */
  public DeliveryResult deliver(
      String consumer, MessageDouble message, BarterDudeDouble barterdude) {
    Throwable failure = deliveries.deliver(consumer, message, barterdude);
    return new DeliveryResult(
        message.calls(), barterdude == null ? List.of() : barterdude.calls(), failure);
  }
}
