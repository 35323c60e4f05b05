package io.barterdude.internal.testing;

import io.barterdude.internal.message.JsonCodec;
import io.barterdude.testing.Call;
import io.barterdude.testing.ConsumerTester.DeliveryResult;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;

/** Writes a test delivery's calls as the callback endpoint's JSON answer. */
final class CallbackResponse {

  private static final JsonCodec CODEC = new JsonCodec();

  private CallbackResponse() {}

  static JsonObject of(DeliveryResult result) {
    JsonObjectBuilder response =
        Json.createObjectBuilder()
            .add("message_calls", calls(result.messageCalls()))
            .add("barterdude_calls", calls(result.barterdudeCalls()));
    if (result.exception() == null) {
      response.addNull("exception");
    } else {
      response.add("exception", result.exception().toString());
    }
    return response.build();
  }

  private static JsonArrayBuilder calls(List<Call> calls) {
    JsonArrayBuilder array = Json.createArrayBuilder();
    for (Call call : calls) {
      JsonObjectBuilder arguments = Json.createObjectBuilder();
      call.arguments().forEach((name, value) -> arguments.add(name, json(value)));
      array.add(Json.createObjectBuilder().add("method", call.method()).add("args", arguments));
    }
    return array;
  }

  private static JsonValue json(Object value) {
    if (value instanceof JsonValue json) {
      return json;
    }
    if (value instanceof byte[]) {
      return Json.createValue("<" + ((byte[]) value).length + " bytes>");
    }
    return CODEC.parse(CODEC.write(value));
  }
}
