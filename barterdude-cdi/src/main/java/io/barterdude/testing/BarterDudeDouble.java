package io.barterdude.testing;

import com.rabbitmq.client.AMQP;
import io.barterdude.BarterDude;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link BarterDude} for tests: records every publish instead of sending it, and holds shared
 * data like the real one ("mock dependencies": put what your consumer expects in {@link #data()}).
 */
public final class BarterDudeDouble implements BarterDude {

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, Object> data = new ConcurrentHashMap<>();

  @Override
  public void publish(String exchange, Object payload) {
    publish(exchange, "", payload);
  }

  @Override
  public void publish(String exchange, String routingKey, Object payload) {
    record("publish", exchange, routingKey, payload);
  }

  @Override
  public void publish(
      String exchange, String routingKey, Object payload, AMQP.BasicProperties properties) {
    record("publish", exchange, routingKey, payload);
  }

  @Override
  public void publishBatch(String exchange, String routingKey, List<?> batch) {
    record("publishBatch", exchange, routingKey, List.copyOf(batch));
  }

  /** Records nothing: a double's publishes have nothing to wait for. */
  @Override
  public void waitForConfirms() {
    // nothing is sent, so nothing is unconfirmed
  }

  @Override
  public Map<String, Object> data() {
    return data;
  }

  /**
   * Every publish so far, in order, with {@code exchange}, {@code routing_key} and {@code data}.
   *
   * @return the calls
   */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  private void record(String method, String exchange, String routingKey, Object payload) {
    Map<String, Object> arguments = new HashMap<>();
    arguments.put("exchange", exchange);
    arguments.put("routing_key", routingKey);
    arguments.put("data", payload == null ? JsonValue.NULL : payload);
    calls.add(new Call(method, arguments));
  }
}
