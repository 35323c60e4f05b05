package io.barterdude;

import com.rabbitmq.client.AMQP;
import java.util.List;
import java.util.Map;

/**
 * The BarterDude facade, injectable with {@code @Inject BarterDude barterdude}: publishes messages
 * and shares data across consumers.
 *
 * <p>Publishing is confirmed, and where the caller waits depends on where it publishes:
 *
 * <ul>
 *   <li>Inside a consumer's handler (on its thread, while it runs), {@code publish} sends the
 *       message at once and returns without waiting: the message being handled is acknowledged only
 *       once the handler returned <em>and</em> the broker confirmed every message it published. A
 *       message the broker refuses, returns as unroutable or does not confirm in time fails the
 *       message being handled, which is then retried or dead-lettered like any failure. Call {@link
 *       #waitForConfirms()} to wait for them inside the handler.
 *   <li>Anywhere else (a JAX-RS resource, a timer, another thread), {@code publish} returns once
 *       the broker confirmed the message.
 * </ul>
 *
 * <p>Either way a publish throws {@link PublishException} at once when it cannot send (not
 * connected, or the broker blocked publishers for longer than {@code
 * barterdude.publish-blocked-timeout-ms}), and a failed confirm says why ({@link
 * PublishException#reason()}), including (by default, {@code barterdude.publish-mandatory}) when no
 * queue is bound for the message. Data is serialized as follows: {@code byte[]} is sent as given; a
 * {@link jakarta.json.JsonValue} as its JSON text; a {@link String} as a JSON string; any other
 * object as JSON through JSON-B. Messages are persistent unless the given properties set another
 * delivery mode and, unless properties are given, carry the content type {@code application/json}
 * ({@code application/octet-stream} for {@code byte[]}). The properties are amqp-client's {@link
 * AMQP.BasicProperties}: amqp-client is part of this API.
 */
public interface BarterDude {

  /**
   * Publishes data to an exchange with an empty routing key.
   *
   * @param exchange the exchange name ({@code ""} is the default exchange)
   * @param data the payload
   * @throws PublishException if the message cannot be sent or (outside a handler) was not confirmed
   */
  void publish(String exchange, Object data);

  /**
   * Publishes data to an exchange with a routing key.
   *
   * @param exchange the exchange name ({@code ""} is the default exchange)
   * @param routingKey the routing key
   * @param data the payload
   * @throws PublishException if the message cannot be sent or (outside a handler) was not confirmed
   */
  void publish(String exchange, String routingKey, Object data);

  /**
   * Publishes data to an exchange with a routing key and the given AMQP properties, used as they
   * are except that a message without a delivery mode is made persistent.
   *
   * @param exchange the exchange name ({@code ""} is the default exchange)
   * @param routingKey the routing key
   * @param data the payload
   * @param properties the AMQP properties
   * @throws PublishException if the message cannot be sent or (outside a handler) was not confirmed
   */
  void publish(String exchange, String routingKey, Object data, AMQP.BasicProperties properties);

  /**
   * Publishes several messages to an exchange, confirmed together: outside a handler it waits for
   * all their confirms at once, much faster than one {@code publish} per message. Each element is
   * serialized like {@code data} above. If it throws, some of the messages may have been published.
   *
   * @param exchange the exchange name ({@code ""} is the default exchange)
   * @param routingKey the routing key of every message
   * @param batch the payloads
   * @throws PublishException if the messages cannot be sent or (outside a handler) were not all
   *     confirmed
   */
  void publishBatch(String exchange, String routingKey, List<?> batch);

  /**
   * Inside a consumer's handler: waits until the broker confirmed every message the handler has
   * published so far. Elsewhere it returns at once, since publishing there waits already.
   *
   * @throws PublishException if one of them was not published
   */
  void waitForConfirms();

  /**
   * Data shared by the whole application (the Python BarterDude's {@code barterdude["key"]}): a
   * thread-safe map that lives as long as the application.
   *
   * @return the shared data, modifiable
   */
  Map<String, Object> data();
}
