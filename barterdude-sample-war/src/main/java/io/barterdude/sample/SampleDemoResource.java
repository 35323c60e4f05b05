package io.barterdude.sample;

import io.barterdude.BarterDude;
import io.barterdude.PublishException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Example traffic for the demo: {@code POST /demo/publish?count=100} publishes that many example
 * messages to {@code queue1}, which the sample forwards to {@code my_exchange}, so that {@code
 * /counter}, {@code /healthcheck} and the metrics show them flowing. Off unless {@code
 * sample.demo.enabled=true}, which the demo profile ({@code mp.config.profile=demo}, set by the
 * README's run command) turns on; every route answers 404 while it is off.
 */
@Path("/demo")
@ApplicationScoped
public class SampleDemoResource {

  static final int MAX_COUNT = 10_000;

  @Inject
  @ConfigProperty(name = "sample.demo.enabled", defaultValue = "false")
  boolean enabled;

  @Inject BarterDude barterdude;

  /**
   * Publishes example messages to {@code queue1}, confirmed by the broker before it answers.
   *
   * @param count how many, 1 to 10,000 (default 100)
   * @return 200 with {@code {"published": count}}, 400 for a count out of range, 503 when the
   *     broker did not take them all (some may have been published), 404 when off
   */
  @POST
  @Path("publish")
  @Produces(MediaType.APPLICATION_JSON)
  public Response publish(@QueryParam("count") @DefaultValue("100") int count) {
    if (!enabled) {
      return Response.status(Response.Status.NOT_FOUND).build();
    }
    if (count < 1 || count > MAX_COUNT) {
      return Response.status(Response.Status.BAD_REQUEST)
          .entity(
              Json.createObjectBuilder().add("error", "count must be 1 to " + MAX_COUNT).build())
          .build();
    }
    try {
      barterdude.publishBatch("", "queue1", examples(count));
    } catch (PublishException e) {
      return Response.status(Response.Status.SERVICE_UNAVAILABLE)
          .entity(Json.createObjectBuilder().add("error", e.getMessage()).build())
          .build();
    }
    JsonObject published = Json.createObjectBuilder().add("published", count).build();
    return Response.ok(published).build();
  }

  private static List<JsonObject> examples(int count) {
    return IntStream.rangeClosed(1, count)
        .mapToObj(
            i -> Json.createObjectBuilder().add("demo", i).add("text", "example message").build())
        .toList();
  }
}
