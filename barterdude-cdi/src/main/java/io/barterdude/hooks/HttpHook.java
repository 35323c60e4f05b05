package io.barterdude.hooks;

/**
 * A hook that also answers an HTTP route of its own (the Python BarterDude's {@code HttpHook}).
 * Implementations are CDI beans and JAX-RS resources: annotate the class with {@link
 * jakarta.ws.rs.Path} and its methods with {@link jakarta.ws.rs.GET} (or any other method), and the
 * application's JAX-RS runtime serves them. A bean implementing this interface without {@code Path}
 * fails the deployment.
 *
 * <pre>{@code
 * @Path("/counter")
 * @ApplicationScoped
 * public class MyCounterHttpHook implements HttpHook {
 *   @GET
 *   @Produces(MediaType.APPLICATION_JSON)
 *   public Map<String, Long> counts() { ... }
 * }
 * }</pre>
 */
public interface HttpHook extends Hook {}
