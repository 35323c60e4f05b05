package io.barterdude.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.barterdude.testing.Call;
import io.barterdude.testing.ConsumerTester;
import io.barterdude.testing.ConsumerTester.DeliveryResult;
import io.barterdude.testing.MessageDouble;
import io.barterdude.validation.ValidationException;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.util.List;
import java.util.Map;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

/** A unit test of a consumer in CDI SE, without a server or a broker, in milliseconds. */
@EnableWeld
class ValidatedConsumerTest {

  @WeldSetup
  WeldInitiator weld =
      WeldInitiator.from(
              WeldInitiator.createWeld()
                  .beanClasses(ValidatedConsumer.class)
                  .addExtensions(ConsumerTester.extensions()))
          .build();

  @Inject ConsumerTester tester;

  @Test
  void aValidMessageIsForwardedAndAccepted() {
    DeliveryResult result =
        tester.deliver("ValidatedConsumer.forwardValid", MessageDouble.of("{\"key\": \"value\"}"));
    assertEquals(List.of(new Call("accept", Map.of())), result.messageCalls());
    assertEquals(
        List.of(
            new Call(
                "publish",
                Map.of(
                    "exchange", "my_exchange",
                    "routing_key", "",
                    "data", Json.createObjectBuilder().add("key", "value").build()))),
        result.barterdudeCalls());
  }

  @Test
  void anInvalidMessageNeverReachesTheHandler() {
    DeliveryResult result =
        tester.deliver("ValidatedConsumer.forwardValid", MessageDouble.of("{\"other\": 1}"));
    assertEquals(List.of(new Call("reject", Map.of("requeue", false))), result.messageCalls());
    assertEquals(List.of(), result.barterdudeCalls());
    assertInstanceOf(ValidationException.class, result.exception());
  }
}
