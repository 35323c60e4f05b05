package io.barterdude;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import io.barterdude.it.Calls;
import io.barterdude.it.TestApp;
import io.barterdude.it.TestBroker;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InterceptorBinding;
import jakarta.interceptor.InvocationContext;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a handler sees: routing, bodies of every shape, scopes and interceptors. */
class DeliveryIT {

  static final String ORDERS = "bd-it-route-orders";
  static final String INVOICES = "bd-it-route-invoices";
  static final String SHAPES = "bd-it-shapes";
  static final String SCOPED = "bd-it-scoped";
  static final String QUORUM = "bd-it-quorum";
  static final Calls CALLS = new Calls();

  TestBroker broker;

  @BeforeEach
  void cleanBroker() {
    CALLS.clear();
    broker = new TestBroker();
    List.of(ORDERS, INVOICES, SHAPES, SCOPED, QUORUM).forEach(broker::cleanQueue);
  }

  @AfterEach
  void closeBroker() throws Exception {
    broker.close();
  }

  @ApplicationScoped
  static class Orders {
    void on(@Observes @Consume(queues = ORDERS) Message message) {
      CALLS.add("orders:" + message.text());
    }
  }

  @ApplicationScoped
  static class Invoices {
    void on(@Observes @Consume(queues = INVOICES) Message message) {
      CALLS.add("invoices:" + message.text());
    }
  }

  @Test
  void eachMessageReachesOnlyTheConsumerOfItsQueue() {
    try (TestApp app = TestApp.start(Orders.class, Invoices.class)) {
      broker.publish(ORDERS, "1");
      broker.publish(INVOICES, "2");
      await().atMost(20, SECONDS).until(() -> CALLS.size() == 2);
      await()
          .during(500, java.util.concurrent.TimeUnit.MILLISECONDS)
          .until(() -> CALLS.size() == 2);
      assertEquals(List.of("invoices:2", "orders:1"), CALLS.bodies().stream().sorted().toList());
    }
  }

  /** Records how each accessor copes with the body. */
  @ApplicationScoped
  static class Shapes {
    void on(@Observes @Consume(queues = SHAPES) Message message) {
      String json;
      try {
        json = message.json().toString();
      } catch (MessageFormatException e) {
        json = "error:" + e.getMessage();
      }
      CALLS.add(message.body().length + "|" + json + "|" + message.headers().keySet());
    }
  }

  @Test
  void badBodiesAreStillDeliveredAndJsonAccessExplainsTheProblem() {
    try (TestApp app = TestApp.start(Shapes.class)) {
      broker.publish(SHAPES, "not json");
      broker.publish(SHAPES, new byte[0], null);
      broker.publish(SHAPES, new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'}, null);
      AMQP.BasicProperties headers =
          new AMQP.BasicProperties.Builder().headers(Map.of("x-n", 1, "x-list", List.of())).build();
      broker.publish(SHAPES, "{\"ok\":true}".getBytes(), headers);
      await().atMost(20, SECONDS).until(() -> CALLS.size() == 4);
      assertEquals(
          List.of(
              "0|error:the message body is empty, not JSON|[]",
              "11|{\"ok\":true}|[x-list, x-n]",
              "4|error:the message body is not valid UTF-8|[]",
              "8|error:the message body is not valid JSON (at offset 1)|[]"),
          CALLS.bodies().stream()
              .map(text -> text.replace("[x-n, x-list]", "[x-list, x-n]"))
              .sorted()
              .toList());
    }
    assertEquals(0, broker.messageCount(SHAPES));
  }

  /** Counts invocations of the methods it intercepts. */
  @InterceptorBinding
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.METHOD, ElementType.TYPE})
  @interface Counted {}

  @Counted
  @Interceptor
  @Priority(Interceptor.Priority.APPLICATION)
  static class CountingInterceptor {
    static final AtomicInteger COUNT = new AtomicInteger();

    @AroundInvoke
    Object count(InvocationContext context) throws Exception {
      COUNT.incrementAndGet();
      return context.proceed();
    }
  }

  @RequestScoped
  static class PerRequest {
    final int id = System.identityHashCode(this);

    int id() {
      return id;
    }
  }

  /** A dependent bean with an intercepted consumer that uses a request-scoped bean. */
  @Dependent
  static class Scoped {
    @Inject PerRequest perRequest;

    @Counted
    void on(@Observes @Consume(queues = SCOPED) Message message) {
      CALLS.add(String.valueOf(perRequest.id()));
    }
  }

  @Test
  void consumerRunsThroughItsInterceptorsWithARequestContextPerMessage() {
    CountingInterceptor.COUNT.set(0);
    try (TestApp app = TestApp.start(Scoped.class, PerRequest.class, CountingInterceptor.class)) {
      broker.publish(SCOPED, "1");
      broker.publish(SCOPED, "2");
      await().atMost(20, SECONDS).until(() -> CALLS.size() == 2);
      assertEquals(2, CountingInterceptor.COUNT.get(), "the interceptor ran for each message");
      assertEquals(2, CALLS.bodies().stream().distinct().count(), "one request per message");
    }
  }

  @ApplicationScoped
  static class QuorumReader {
    void on(@Observes @Consume(queues = QUORUM) Message message) {
      CALLS.add(message.text());
    }
  }

  @Test
  void anExistingQueueWithOtherArgumentsIsUsedAsItIs() throws Exception {
    broker.channel().queueDeclare(QUORUM, true, false, false, Map.of("x-queue-type", "quorum"));
    try (TestApp app = TestApp.start(QuorumReader.class)) {
      broker.publish(QUORUM, "q");
      await().atMost(20, SECONDS).until(() -> CALLS.size() == 1);
      assertTrue(broker.consumerCount(QUORUM) == 1);
    }
  }
}
