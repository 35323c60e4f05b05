package io.barterdude.internal.testing;

import io.barterdude.internal.runtime.BarterDudeRuntime;
import io.barterdude.testing.TestDeliveries;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The callback endpoint (the Python BarterDude's): {@code POST /barterdude/callback/{consumer}}
 * with {@code {"body": ..., "headers": {...}, "should_mock_barterdude": true}} runs the consumer
 * once on that message and answers {@code {"message_calls": [...], "barterdude_calls": [...],
 * "exception": ...}} (see {@link Callback}). It runs consumer code on caller input, so it is off
 * unless {@code barterdude.callback.enabled=true} (404 otherwise), and callers need the role {@code
 * barterdude.callback.role} when it is set (403 otherwise). Found by JAX-RS scanning; not a CDI
 * bean.
 */
@Path("barterdude/callback/{consumer}")
public class CallbackResource {

  @Context SecurityContext security;

  /**
   * Runs a consumer once.
   *
   * @param consumer the consumer's name ({@code @Consume(name)} or {@code SimpleClass.method}), or
   *     its end if that fits one consumer only (e.g. the method's name)
   * @param request the JSON request
   * @return 200 with the calls, 400 for a bad request, 403, or 404
   */
  @POST
  @Produces(MediaType.APPLICATION_JSON)
  public Response run(@PathParam("consumer") String consumer, String request) {
    CDI<Object> cdi = CDI.current();
    BarterDudeRuntime runtime = cdi.select(BarterDudeRuntime.class).get();
    Callback callback =
        new Callback(runtime.settings(), cdi.select(TestDeliveries.class).get(), runtime.codec());
    Callback.Answer answer =
        callback.handle(consumer, request, role -> security != null && security.isUserInRole(role));
    return Response.status(answer.status())
        .type(MediaType.APPLICATION_JSON)
        .entity(answer.body().toString())
        .build();
  }
}
