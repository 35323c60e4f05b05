package io.barterdude.sample;

import io.barterdude.hooks.Healthcheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Operations on the running sample, off unless {@code sample.admin.enabled=true} (environment
 * {@code SAMPLE_ADMIN_ENABLED}); every route answers 404 while it is off. {@code POST
 * /admin/force-fail} is the seed consumer's {@code healthcheck.force_fail()}, moved out of the
 * consumer so that one message cannot fail the whole server; {@code POST /admin/clear-forced-fail}
 * undoes it. Both answer 204.
 */
@Path("/admin")
@ApplicationScoped
public class SampleAdminResource {

  @Inject
  @ConfigProperty(name = "sample.admin.enabled", defaultValue = "false")
  boolean enabled;

  @Inject Healthcheck healthcheck;

  /**
   * Makes BarterDude's healthcheck, readiness and liveness fail until cleared.
   *
   * @return 204, or 404 when the admin routes are off
   */
  @POST
  @Path("force-fail")
  public Response forceFail() {
    return ifEnabled(healthcheck::forceFail);
  }

  /**
   * Lets the healthcheck evaluate normally again.
   *
   * @return 204, or 404 when the admin routes are off
   */
  @POST
  @Path("clear-forced-fail")
  public Response clearForcedFail() {
    return ifEnabled(healthcheck::clearForcedFail);
  }

  private Response ifEnabled(Runnable operation) {
    if (!enabled) {
      return Response.status(Response.Status.NOT_FOUND).build();
    }
    operation.run();
    return Response.noContent().build();
  }
}
