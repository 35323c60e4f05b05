package io.barterdude.internal.testing;

import io.barterdude.internal.config.Settings;
import io.barterdude.internal.message.JsonCodec;
import io.barterdude.testing.BarterDudeDouble;
import io.barterdude.testing.Call;
import io.barterdude.testing.MessageDouble;
import io.barterdude.testing.TestDeliveries;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the callback endpoint does, without JAX-RS: checks that it is enabled and allowed, parses
 * the request, runs the consumer once through its pipeline, and answers.
 */
public final class Callback {

  /**
   * The HTTP answer.
   *
   * @param status the status code
   * @param body the JSON body
   */
  public record Answer(int status, JsonObject body) {}

  private final Settings settings;
  private final TestDeliveries deliveries;
  private final JsonCodec codec;

  /**
   * Creates the handler.
   *
   * @param settings the settings (enabled flag and role)
   * @param deliveries runs the consumer
   * @param codec writes the published objects as JSON
   */
  public Callback(Settings settings, TestDeliveries deliveries, JsonCodec codec) {
    this.settings = settings;
    this.deliveries = deliveries;
    this.codec = codec;
  }

  /**
   * Handles one request.
   *
   * @param consumer the consumer's name from the path
   * @param request the request body
   * @param hasRole tells whether the caller has a role
   * @return the answer
   */
  public Answer handle(String consumer, String request, Predicate<String> hasRole) {
    if (!settings.callbackEnabled()) {
      return error(404, "the callback endpoint is disabled (barterdude.callback.enabled)");
    }
    String role = settings.callbackRole();
    if (role != null && !role.isBlank() && !hasRole.test(role)) {
      return error(403, "the callback endpoint needs the role " + role);
    }
    try {
      return run(consumer, CallbackRequest.parse(request));
    } catch (IllegalArgumentException badRequest) {
      return error(400, badRequest.getMessage());
    }
  }

  private Answer run(String consumer, CallbackRequest request) {
    BarterDudeDouble barterdude = request.mockBarterDude() ? new BarterDudeDouble() : null;
    try {
      MessageDouble message = request.message();
      Throwable failure = deliveries.deliver(consumer, message, barterdude);
      List<Call> published = barterdude == null ? List.of() : barterdude.calls();
      return new Answer(200, new CallbackResponse(codec).of(message.calls(), published, failure));
    } catch (IllegalArgumentException unknownConsumer) {
      return error(404, unknownConsumer.getMessage());
    }
  }

  private static Answer error(int status, String message) {
    return new Answer(status, Json.createObjectBuilder().add("error", message).build());
  }
}
