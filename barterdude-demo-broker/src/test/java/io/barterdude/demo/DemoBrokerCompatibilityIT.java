package io.barterdude.demo;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What BarterDude relies on in its broker, checked against the demo broker with amqp-client as
 * BarterDude uses it: what works as on RabbitMQ, and where the demo broker differs.
 */
class DemoBrokerCompatibilityIT {

  private static DemoBroker broker;
  private static Connection connection;
  private Channel channel;

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    broker = DemoBroker.start(port);
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(port);
    connection = factory.newConnection("demo-broker-compatibility");
  }

  @AfterAll
  static void stop() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @BeforeEach
  void openChannel() throws IOException {
    channel = connection.createChannel();
  }

  @AfterEach
  void closeChannel() throws Exception {
    if (channel.isOpen()) {
      channel.close();
    }
  }

  @Test
  void publisherConfirmsAckEveryRoutedMessage() throws Exception {
    String queue = queue("confirmed", null);
    channel.confirmSelect();
    for (int i = 0; i < 10; i++) {
      channel.basicPublish("", queue, true, MessageProperties.PERSISTENT_BASIC, body(i));
    }
    assertTrue(channel.waitForConfirms(5000));
    assertEquals(10, channel.queueDeclarePassive(queue).getMessageCount());
  }

  /** RabbitMQ acks an unroutable mandatory message after returning it; the demo broker nacks it. */
  @Test
  void anUnroutableMandatoryMessageIsReturnedAndNacked() throws Exception {
    channel.exchangeDeclare("unbound", "direct", true);
    List<String> events = new CopyOnWriteArrayList<>();
    channel.confirmSelect();
    channel.addReturnListener(r -> events.add("return " + r.getReplyCode()));
    channel.addConfirmListener(
        (tag, multiple) -> events.add("ack"), (tag, m) -> events.add("nack"));
    channel.basicPublish("unbound", "nowhere", true, null, body(1));
    assertFalse(channel.waitForConfirms(5000));
    await().atMost(5, SECONDS).until(() -> events.contains("return 312"));
    assertEquals(List.of("nack", "return 312"), events);
  }

  /** RabbitMQ's x- arguments are accepted and ignored: x-max-length does not drop any message. */
  @Test
  void queueArgumentsAreAcceptedAndIgnored() throws Exception {
    String queue = queue("limited", Map.of("x-max-length", 3, "x-queue-type", "quorum"));
    channel.exchangeDeclare("to-limited", "direct", true, false, Map.of("x-unknown", 1));
    channel.queueBind(queue, "to-limited", "");
    channel.confirmSelect();
    for (int i = 0; i < 10; i++) {
      channel.basicPublish("to-limited", "", true, null, body(i));
    }
    assertTrue(channel.waitForConfirms(5000));
    assertEquals(10, channel.queueDeclarePassive(queue).getMessageCount());
  }

  @Test
  void prefetchLimitsUnackedDeliveriesAndMultipleAckFreesThem() throws Exception {
    String queue = filled("prefetched", 10);
    List<Long> tags = new CopyOnWriteArrayList<>();
    channel.basicQos(4);
    channel.basicConsume(queue, false, recorder(tags));
    await().atMost(5, SECONDS).until(() -> tags.size() == 4);
    SECONDS.sleep(1);
    assertEquals(4, tags.size(), "no more than the prefetch before an ack");
    channel.basicAck(tags.get(2), true);
    await().atMost(5, SECONDS).until(() -> tags.size() == 7);
  }

  /** A requeued message comes back flagged redelivered, with no x-delivery-count header. */
  @Test
  void aNackWithRequeueRedeliversTheMessage() throws Exception {
    String queue = filled("requeued", 1);
    GetResponse first = channel.basicGet(queue, false);
    channel.basicNack(first.getEnvelope().getDeliveryTag(), false, true);
    GetResponse again = channel.basicGet(queue, false);
    channel.basicReject(again.getEnvelope().getDeliveryTag(), true);
    GetResponse third = channel.basicGet(queue, false);
    assertNotNull(third);
    assertTrue(third.getEnvelope().isRedeliver());
    assertNull(third.getProps().getHeaders());
  }

  /** Needs queue.maximumDeliveryAttempts=1: by default the demo broker would redeliver it. */
  @Test
  void aRejectWithoutRequeueDropsTheMessage() throws Exception {
    String queue = filled("dropped", 1);
    GetResponse message = channel.basicGet(queue, false);
    channel.basicReject(message.getEnvelope().getDeliveryTag(), false);
    assertNull(channel.basicGet(queue, false));
  }

  @Test
  void unackedMessagesOfAClosedChannelAreRedeliveredEveryTime() throws Exception {
    String queue = filled("released", 1);
    for (int round = 0; round < 3; round++) {
      Channel consumer = connection.createChannel();
      assertNotNull(consumer.basicGet(queue, false), "round " + round);
      consumer.close();
    }
    assertNotNull(channel.basicGet(queue, true));
  }

  @Test
  void aPassiveDeclareOfAMissingQueueClosesTheChannelWith404() {
    IOException error =
        assertThrows(IOException.class, () -> channel.queueDeclarePassive("missing"));
    assertTrue(String.valueOf(error.getCause()).contains("reply-code=404"), error.toString());
  }

  /**
   * RabbitMQ tells a consumer that its queue was deleted (basic.cancel); the demo broker does not,
   * nor does it announce that capability or connection.blocked.
   */
  @Test
  void noCancelNotificationWhenTheQueueIsDeleted() throws Exception {
    String queue = filled("deleted", 0);
    AtomicBoolean cancelled = new AtomicBoolean();
    channel.basicConsume(
        queue,
        false,
        new DefaultConsumer(channel) {
          @Override
          public void handleCancel(String consumerTag) {
            cancelled.set(true);
          }
        });
    Channel other = connection.createChannel();
    other.queueDelete(queue);
    other.close();
    SECONDS.sleep(2);
    assertFalse(cancelled.get());
    assertFalse(connection.getServerProperties().containsKey("capabilities"));
  }

  private String queue(String name, Map<String, Object> arguments) throws IOException {
    return channel.queueDeclare(name, true, false, false, arguments).getQueue();
  }

  private String filled(String name, int count) throws Exception {
    String queue = queue(name, null);
    Channel publisher = connection.createChannel();
    publisher.confirmSelect();
    for (int i = 0; i < count; i++) {
      publisher.basicPublish("", queue, true, null, body(i));
    }
    publisher.waitForConfirmsOrDie(5000);
    publisher.close();
    return queue;
  }

  private DefaultConsumer recorder(List<Long> tags) {
    return new DefaultConsumer(channel) {
      @Override
      public void handleDelivery(
          String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        tags.add(envelope.getDeliveryTag());
      }
    };
  }

  private static byte[] body(int i) {
    return ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
  }
}
