package io.barterdude.arquillian.app;

import io.barterdude.Message;
import io.barterdude.hooks.HttpHook;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link HttpHook} (the sample's {@code MyCounterHttpHook} in small): counts the messages
 * received and answers {@code GET /api/counting-hook} with {@code {"served": n, "bean": n}}, where
 * {@code served} is the count of the object JAX-RS called and {@code bean} that of the CDI bean
 * BarterDude calls. They are equal when the JAX-RS runtime serves the CDI bean.
 */
@Path("counting-hook")
@ApplicationScoped
public class CountingHttpHook implements HttpHook {

  private final AtomicLong received = new AtomicLong();

  @Override
  public void beforeConsume(Message message) {
    received.incrementAndGet();
  }

  /**
   * The count of messages received.
   *
   * @return the count
   */
  public long received() {
    return received.get();
  }

  /**
   * Both counts.
   *
   * @return {@code served} and {@code bean}
   */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public JsonObject counts() {
    return Json.createObjectBuilder()
        .add("served", received.get())
        .add("bean", CDI.current().select(CountingHttpHook.class).get().received())
        .build();
  }
}
