package io.barterdude;

import com.rabbitmq.client.AMQP;
import java.util.List;
import java.util.Map;

/**
 * The BarterDude facade, injectable with {@code @Inject BarterDude barterdude}: publishes messages
 * and shares data across consumers.
 *
 * <p>Publishing is confirmed: each {@code publish} returns once the broker confirmed the message
 * and throws {@link PublishException} otherwise, including (by default, {@code
 * barterdude.publish-mandatory}) when no queue is bound for it. Data is serialized as follows:
 * {@code byte[]} is sent as given; a {@link jakarta.json.JsonValue} as its JSON text; a {@link
 * String} as a JSON string; any other object as JSON through JSON-B. Messages are persistent and,
 * unless properties are given, carry the content type {@code application/json} ({@code
 * application/octet-stream} for {@code byte[]}).
 */
public interface BarterDude {

  /**
   * Publishes data to an exchange with an empty routing key.
   *
   * @param exchange the exchange name ({@code ""} is the default exchange)
   * @param data the payload
   * @throws PublishException if the broker did not confirm the message
   */
  void publish(String exchange, Object data);

  /**
   * Publishes data to an exchange with a routing key.
   *
   * @param exchange the exchange name ({@code ""} is the default exchange)
   * @param routingKey the routing key
   * @param data the payload
   * @throws PublishException if the broker did not confirm the message
   */
  void publish(String exchange, String routingKey, Object data);

  /**
   * Publishes data to an exchange with a routing key and the given AMQP properties, used as they
   * are.
   *
   * @param exchange the exchange name ({@code ""} is the default exchange)
   * @param routingKey the routing key
   * @param data the payload
   * @param properties the AMQP properties
   * @throws PublishException if the broker did not confirm the message
   */
  void publish(String exchange, String routingKey, Object data, AMQP.BasicProperties properties);

  /**
   * Publishes several messages to an exchange and waits for all their confirms at once: much faster
   * than one {@code publish} per message. Each element is serialized like {@code data} above. If it
   * throws, some of the messages may have been published.
   *
   * @param exchange the exchange name ({@code ""} is the default exchange)
   * @param routingKey the routing key of every message
   * @param batch the payloads
   * @throws PublishException if the broker did not confirm every message
   */
  void publishBatch(String exchange, String routingKey, List<?> batch);

  /**
   * Data shared by the whole application (the Python BarterDude's {@code barterdude["key"]}): a
   * thread-safe map that lives as long as the application.
   *
   * @return the shared data, modifiable
   */
  Map<String, Object> data();
}
