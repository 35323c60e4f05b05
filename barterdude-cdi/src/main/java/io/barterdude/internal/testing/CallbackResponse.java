package io.barterdude.internal.testing;

import io.barterdude.internal.message.JsonCodec;
import io.barterdude.testing.Call;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;

/** Writes a test delivery's calls as the callback endpoint's JSON answer. */
final class CallbackResponse {

  private final JsonCodec codec;

  CallbackResponse(JsonCodec codec) {
    this.codec = codec;
  }

  JsonObject of(List<Call> messageCalls, List<Call> barterdudeCalls, Throwable exception) {
    JsonObjectBuilder response =
        Json.createObjectBuilder()
            .add("message_calls", calls(messageCalls))
            .add("barterdude_calls", calls(barterdudeCalls));
    if (exception == null) {
      response.addNull("exception");
    } else {
      response.add("exception", exception.toString());
    }
    return response.build();
  }

  private JsonArrayBuilder calls(List<Call> calls) {
    JsonArrayBuilder array = Json.createArrayBuilder();
    for (Call call : calls) {
      JsonObjectBuilder arguments = Json.createObjectBuilder();
      call.arguments().forEach((name, value) -> arguments.add(name, json(value)));
      array.add(Json.createObjectBuilder().add("method", call.method()).add("args", arguments));
    }
    return array;
  }

  private JsonValue json(Object value) {
    if (value instanceof JsonValue json) {
      return json;
    }
    if (value instanceof byte[]) {
      return Json.createValue("<" + ((byte[]) value).length + " bytes>");
    }
    return codec.parse(codec.write(value));
  }
}
