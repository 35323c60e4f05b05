package io.barterdude.sample;

import io.barterdude.Message;
import io.barterdude.hooks.HttpHook;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Python BarterDude README's {@code MyCounterHttpHook}: counts the messages every consumer
 * received, handled and failed on, and answers {@code GET /counter} with {@code {"consumed": ..,
 * "success": .., "fail": ..}}.
 */
@Path("/counter")
@ApplicationScoped
public class MyCounterHttpHook implements HttpHook {

  private final AtomicLong consumed = new AtomicLong();
  private final AtomicLong success = new AtomicLong();
  private final AtomicLong fail = new AtomicLong();

  /**
   * The counts since the application started.
   *
   * @return {@code consumed}, {@code success} and {@code fail}
   */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public JsonObject counts() {
    return Json.createObjectBuilder()
        .add("consumed", consumed.get())
        .add("success", success.get())
        .add("fail", fail.get())
        .build();
  }

  @Override
  public void beforeConsume(Message message) {
    consumed.incrementAndGet();
  }

  @Override
  public void onSuccess(Message message) {
    success.incrementAndGet();
  }

  @Override
  public void onFail(Message message, Throwable error) {
    fail.incrementAndGet();
  }
}
