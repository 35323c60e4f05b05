package io.barterdude.sample;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.barterdude.it.TestBroker;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two BarterDude applications on one Payara Server domain (the full server, which the build unpacks
 * into {@code target/}): the sample WAR deployed twice, as {@code pay-orders} and {@code
 * pay-billing}, each with its own context root and its own settings (app name, metric label {@code
 * app_name}, connection name, queue), given as application-scoped MicroProfile Config properties
 * ({@code asadmin set-config-property --source application}). Both consume their own queue, count
 * on their own {@code /counter}, report their own check in {@code /health} and log under their own
 * name; undeploying one leaves the other consuming.
 */
class PayaraServerTwoApplicationsIT {

  private static final Path HOME = Path.of(System.getProperty("sample.payara.home"));
  private static final Path DOMAINS = Path.of(System.getProperty("sample.payara.domains"));
  private static final int PORT_BASE = Integer.getInteger("sample.payara.portbase", 24800);
  private static final Path WAR = Path.of("target", "barterdude-sample-war.war").toAbsolutePath();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static final App ORDERS = new App("pay-orders", "pay_orders", "/orders");
  private static final App BILLING = new App("pay-billing", "pay_billing", "/billing");

  /** One copy of the sample: its asadmin name, BarterDude app name and context root. */
  private record App(String name, String appName, String contextRoot) {
    String queue() {
      return "barterdude-sample-payara-" + name;
    }

    /**
     * Deployed disabled, configured, then enabled: the properties need the application to exist.
     * The failure {@link #assertEachLogsUnderItsOwnName} causes on purpose must not make it unready
     * (success rate 0).
     */
    List<String> deployCommands() {
      List<String> commands = new ArrayList<>();
      commands.add(
          "deploy --enabled=false --name %s --contextroot %s %s".formatted(name, contextRoot, WAR));
      Map.of(
              "barterdude.default.app-name",
              appName,
              "barterdude.metrics.labels",
              "app_name=" + appName + ",team_name=",
              "barterdude.connection-name",
              "barterdude-sample-" + name,
              "barterdude.consumer.SampleConsumer.yourConsumer.queues",
              queue(),
              "barterdude.consumer.SampleConsumer.yourConsumer.max-attempts",
              "1",
              "barterdude.consumer.SampleConsumer.yourConsumer.dead-letter",
              "none",
              "barterdude.consumer.ValidatedConsumer.forwardValid.enabled",
              "false",
              "barterdude.healthcheck.success-rate",
              "0")
          .forEach(
              (key, value) ->
                  commands.add(
                      ("set-config-property --source application --sourceName %s"
                              + " --propertyName %s --propertyValue %s")
                          .formatted(name, key, value)));
      commands.add("enable " + name);
      return commands;
    }
  }

  @Test
  void twoApplicationsOnOneDomainConsumeAndReportSeparately() throws Exception {
    try (TestBroker broker = new TestBroker();
        PayaraDomain domain = PayaraDomain.create(HOME, DOMAINS, "barterdudeIT", PORT_BASE)) {
      broker.declareQueue(ORDERS.queue());
      broker.declareQueue(BILLING.queue());
      domain.start();
      List<String> commands = new ArrayList<>(serverCommands());
      commands.addAll(ORDERS.deployCommands());
      commands.addAll(BILLING.deployCommands());
      domain.run(commands);

      List<String> both = List.of(BILLING.appName(), ORDERS.appName());
      await("both applications ready")
          .atMost(120, SECONDS)
          .pollInterval(1, SECONDS)
          .ignoreExceptions()
          .until(() -> upApplications(domain, "/health/ready").equals(both));
      assertEquals(both, upApplications(domain, "/health/live"), "/health/live");

      publish(broker, ORDERS, 3);
      publish(broker, BILLING, 2);
      awaitCounts(domain, ORDERS, 3);
      awaitCounts(domain, BILLING, 2);
      assertEachLogsUnderItsOwnName(broker, domain);

      domain.run(List.of("undeploy " + BILLING.name()));
      await("pay-billing undeployed: its subscription cancelled")
          .atMost(60, SECONDS)
          .until(() -> broker.consumerCount(BILLING.queue()) == 0);
      assertEquals(List.of(ORDERS.appName()), upApplications(domain, "/health/ready"));
      publish(broker, ORDERS, 1);
      awaitCounts(domain, ORDERS, 5);
    }
  }

  /**
   * The domain's settings: no data grid (BarterDude needs none; the domain starts faster), and HTTP
   * on the loopback interface only, as the other test servers.
   */
  private static List<String> serverCommands() {
    return List.of(
        "set-hazelcast-configuration --enabled=false --dynamic=true",
        "set configs.config.server-config.network-config.network-listeners.network-listener"
            + ".http-listener-1.address=127.0.0.1");
  }

  private static void publish(TestBroker broker, App app, int messages) {
    for (int i = 0; i < messages; i++) {
      broker.publish(app.queue(), "{\"app\":\"" + app.name() + "\"}");
    }
  }

  /** Waits until the application's {@code /counter} has consumed and handled that many messages. */
  private static void awaitCounts(PayaraDomain domain, App app, int messages) {
    await(app.name() + " consumed " + messages)
        .atMost(30, SECONDS)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              JsonObject counts = get(domain, app.contextRoot() + "/counter");
              assertEquals(messages, counts.getInt("consumed"), "consumed");
              assertEquals(messages, counts.getInt("success") + counts.getInt("fail"), "handled");
            });
  }

  /**
   * The JSON string {@code "exception"} fails the sample's consumer (one attempt, no dead-letter
   * queue here): the Logging hook's SEVERE line carries the application's name.
   */
  private static void assertEachLogsUnderItsOwnName(TestBroker broker, PayaraDomain domain) {
    broker.publish(ORDERS.queue(), "\"exception\"");
    broker.publish(BILLING.queue(), "\"exception\"");
    await("each application's failure logged")
        .atMost(30, SECONDS)
        .untilAsserted(
            () -> {
              assertEquals(List.of(ORDERS.appName()), loggedFailures(domain, ORDERS.queue()));
              assertEquals(List.of(BILLING.appName()), loggedFailures(domain, BILLING.queue()));
            });
  }

  /**
   * The app names of the Logging hook's failure lines about a queue in server.log, where Payara
   * writes an application's standard output as the message of a record of its own, {@code [[ ...
   * ]]}.
   */
  private static List<String> loggedFailures(PayaraDomain domain, String queue) throws Exception {
    try (Stream<String> lines = Files.lines(domain.serverLog())) {
      return lines
          .filter(line -> line.contains("\"Failed to consume message\""))
          .map(line -> json(line.substring(line.indexOf('{'), line.lastIndexOf('}') + 1)))
          .filter(line -> line.getString("queue").equals(queue))
          .map(line -> line.getString("app_name"))
          .distinct()
          .toList();
    }
  }

  /** The app names of the BarterDude checks that are UP in a health route, in order. */
  private static List<String> upApplications(PayaraDomain domain, String route) throws Exception {
    return get(domain, route).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
        .filter(check -> check.getString("name").equals("barterdude"))
        .filter(check -> check.getString("status").equals("UP"))
        .map(check -> check.getJsonObject("data").getString("app_name"))
        .sorted()
        .toList();
  }

  private static JsonObject get(PayaraDomain domain, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + domain.httpPort() + path);
    HttpResponse<String> response =
        HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    return json(response.body());
  }

  private static JsonObject json(String text) {
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }
}
