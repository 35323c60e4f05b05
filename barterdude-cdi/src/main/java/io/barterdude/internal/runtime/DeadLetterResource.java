package io.barterdude.internal.runtime;

import io.barterdude.DeadLetters;
import io.barterdude.PublishException;
import io.barterdude.internal.config.Settings;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.function.Predicate;

/**
 * {@code POST /barterdude/dead-letters/{queue}/replay} moves the messages of {@code <queue>.dlq}
 * back to {@code <queue>} ({@link DeadLetters#replay(String)}) and answers {@code {"queue": ...,
 * "replayed": n}}. An admin route: off (404) unless {@code barterdude.replay.enabled=true}, and
 * callers need the role {@code barterdude.replay.role} when it is set (403 otherwise). Found by
 * JAX-RS scanning; not a CDI bean.
 */
@Path("barterdude/dead-letters/{queue}/replay")
public class DeadLetterResource {

  @Context SecurityContext security;

  /**
   * What the route answers.
   *
   * @param status the HTTP status
   * @param body the JSON body
   */
  public record Answer(int status, JsonObject body) {}

  /**
   * Replays a queue's dead letters.
   *
   * @param queue the consumed queue
   * @return 200 with the count, 403, 404 when off or without a dead-letter queue, 503 when a
   *     message could not be moved
   */
  @POST
  @Produces(MediaType.APPLICATION_JSON)
  public Response replay(@PathParam("queue") String queue) {
    CDI<Object> cdi = CDI.current();
    Answer answer =
        handle(
            cdi.select(BarterDudeRuntime.class).get(),
            cdi.select(DeadLetters.class).get(),
            queue,
            role -> security != null && security.isUserInRole(role));
    return Response.status(answer.status())
        .type(MediaType.APPLICATION_JSON)
        .entity(answer.body().toString())
        .build();
  }

  /**
   * The route's logic, apart from JAX-RS.
   *
   * @param runtime the runtime, for the settings
   * @param deadLetters the bean that replays
   * @param queue the consumed queue
   * @param hasRole tells whether the caller has a role
   * @return the answer
   */
  public static Answer handle(
      BarterDudeRuntime runtime, DeadLetters deadLetters, String queue, Predicate<String> hasRole) {
    Settings settings = runtime.settings();
    if (!settings.replayEnabled()) {
      return error(404, "the replay route is off (barterdude.replay.enabled)");
    }
    String role = settings.replayRole();
    if (role != null && !role.isBlank() && !hasRole.test(role)) {
      return error(403, "the replay route needs the role " + role);
    }
    try {
      long moved = deadLetters.replay(queue);
      return new Answer(
          200, Json.createObjectBuilder().add("queue", queue).add("replayed", moved).build());
    } catch (IllegalArgumentException e) {
      return error(404, e.getMessage());
    } catch (PublishException e) {
      return error(503, e.getMessage());
    }
  }

  private static Answer error(int status, String why) {
    return new Answer(status, Json.createObjectBuilder().add("error", why).build());
  }
}
