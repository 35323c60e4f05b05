package io.barterdude.internal.runtime;

import io.barterdude.DeadLetters;
import io.barterdude.PublishException;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /barterdude/dead-letters/{queue}/replay} moves the messages of {@code <queue>.dlq}
 * back to {@code <queue>} ({@link DeadLetters#replay(String)}) and answers {@code {"queue": ...,
 * "replayed": n}}. An admin route: off (404) unless {@code barterdude.replay.enabled=true}; protect
 * it with the server's security. Found by JAX-RS scanning; not a CDI bean.
 */
@Path("barterdude/dead-letters/{queue}/replay")
public class DeadLetterResource {

  /**
   * Replays a queue's dead letters.
   *
   * @param queue the consumed queue
   * @return 200 with the count, 404 when off or without a dead-letter queue, 503 when a message
   *     could not be moved
   */
  @POST
  @Produces(MediaType.APPLICATION_JSON)
  public Response replay(@PathParam("queue") String queue) {
    CDI<Object> cdi = CDI.current();
    if (!cdi.select(BarterDudeRuntime.class).get().settings().replayEnabled()) {
      return answer(404, "error", "the replay route is off (barterdude.replay.enabled)");
    }
    try {
      long moved = cdi.select(DeadLetters.class).get().replay(queue);
      return Response.ok(
              Json.createObjectBuilder().add("queue", queue).add("replayed", moved).build())
          .type(MediaType.APPLICATION_JSON)
          .build();
    } catch (IllegalArgumentException e) {
      return answer(404, "error", e.getMessage());
    } catch (PublishException e) {
      return answer(503, "error", e.getMessage());
    }
  }

  private static Response answer(int status, String key, String value) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(Json.createObjectBuilder().add(key, value).build().toString())
        .build();
  }
}
