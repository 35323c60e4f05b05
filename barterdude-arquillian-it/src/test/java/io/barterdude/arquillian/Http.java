package io.barterdude.arquillian;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** HTTP calls from the client side to the server under test. */
final class Http {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private Http() {}

  /** An HTTP answer. */
  record Answer(int status, String body) {
    JsonObject json() {
      try (JsonReader reader = Json.createReader(new StringReader(body))) {
        return reader.readObject();
      }
    }
  }

  /**
   * A path of the server: relative to the application (e.g. {@code api/healthcheck}) or, with a
   * leading slash, to the server's root (e.g. {@code /health/ready}). The host is always the
   * loopback address, whatever name the server gave Arquillian.
   */
  static URI uri(URL application, String path) {
    URI base = URI.create("http://localhost:" + application.getPort() + application.getPath());
    return base.resolve(path);
  }

  static Answer get(URL application, String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(application, path)).GET().build());
  }

  static Answer postJson(URL application, String path, String json) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(application, path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private static Answer send(HttpRequest request) throws Exception {
    HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }
}
