package io.barterdude.internal.publishing;

import com.rabbitmq.client.AMQP;
import java.util.List;

/**
 * One {@code publish} or {@code publishBatch} call: where to, with which properties, the encoded
 * bodies the broker gets, and the objects the caller passed.
 *
 * @param exchange the exchange
 * @param routingKey the routing key
 * @param properties the properties of every message
 * @param bodies the encoded bodies
 * @param data what the caller passed, one object per body
 * @param batch whether the call was {@code publishBatch}
 */
public record Outgoing(
    String exchange,
    String routingKey,
    AMQP.BasicProperties properties,
    List<byte[]> bodies,
    List<?> data,
    boolean batch) {

  /**
   * The same call with other properties (e.g. with trace headers added).
   *
   * @param newProperties the properties
   * @return the call
   */
  public Outgoing withProperties(AMQP.BasicProperties newProperties) {
    return new Outgoing(exchange, routingKey, newProperties, bodies, data, batch);
  }
}
