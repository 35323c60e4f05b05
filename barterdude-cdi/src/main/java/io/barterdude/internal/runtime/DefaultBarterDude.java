package io.barterdude.internal.runtime;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.MessageProperties;
import io.barterdude.BarterDude;
import io.barterdude.internal.publishing.Outgoing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link BarterDude} bean applications inject. */
@ApplicationScoped
public class DefaultBarterDude implements BarterDude {

  private static final AMQP.BasicProperties JSON =
      MessageProperties.PERSISTENT_BASIC.builder().contentType("application/json").build();

  private static final int PERSISTENT = 2;

  private final Map<String, Object> data = new ConcurrentHashMap<>();

  @Inject BarterDudeRuntime runtime;

  @Override
  public void publish(String exchange, Object data) {
    publish(exchange, "", data);
  }

  @Override
  public void publish(String exchange, String routingKey, Object data) {
    publish(
        exchange,
        routingKey,
        data,
        data instanceof byte[] ? MessageProperties.PERSISTENT_BASIC : JSON);
  }

  @Override
  public void publish(
      String exchange, String routingKey, Object data, AMQP.BasicProperties properties) {
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(routingKey, "routingKey");
    Objects.requireNonNull(properties, "properties");
    runtime.publish(
        new Outgoing(
            exchange,
            routingKey,
            persistentUnlessSet(properties),
            List.of(encode(data)),
            Collections.singletonList(data),
            false));
  }

  @Override
  public void waitForConfirms() {
    runtime.waitForConfirms();
  }

  @Override
  public void publishBatch(String exchange, String routingKey, List<?> batch) {
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(routingKey, "routingKey");
    boolean bytes = batch.stream().allMatch(item -> item instanceof byte[]);
    List<byte[]> bodies = batch.stream().map(this::encode).toList();
    runtime.publish(
        new Outgoing(
            exchange,
            routingKey,
            bytes ? MessageProperties.PERSISTENT_BASIC : JSON,
            bodies,
            batch,
            true));
  }

  private static AMQP.BasicProperties persistentUnlessSet(AMQP.BasicProperties properties) {
    return properties.getDeliveryMode() != null
        ? properties
        : properties.builder().deliveryMode(PERSISTENT).build();
  }

  private byte[] encode(Object data) {
    return data instanceof byte[] bytes ? bytes : runtime.codec().write(data);
  }

  @Override
  public Map<String, Object> data() {
    return data;
  }
}
