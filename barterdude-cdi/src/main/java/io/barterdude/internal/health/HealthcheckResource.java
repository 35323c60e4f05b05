package io.barterdude.internal.health;

import io.barterdude.hooks.Healthcheck;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The Python BarterDude's healthcheck route: {@code GET /healthcheck} (under the application's
 * JAX-RS path) answers 200 with {@code "status": "ok"} or 500 with {@code "status": "fail"}. The
 * JAX-RS runtime finds it by scanning the WAR's libraries; it is not a CDI bean.
 */
@Path("healthcheck")
public class HealthcheckResource {

  /**
   * Evaluates the healthcheck.
   *
   * @return 200 or 500 with the healthcheck body
   */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response get() {
    Healthcheck.Status status = CDI.current().select(Healthcheck.class).get().status();
    return Response.status(status.healthy() ? 200 : 500).entity(status.body().toString()).build();
  }
}
