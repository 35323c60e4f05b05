package io.barterdude.sample;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A second BarterDude application beside the sample on the same Open Liberty server: a copy of the
 * sample WAR deployed as {@code acc-orders} through a configuration drop-in, with its own app name,
 * only its validating consumer (the sample's other consumer would share the sample's untagged user
 * counter {@code fail}, which Open Liberty removes when either application stops), metric labels
 * ({@code app_name} only, where the sample has {@code app_name} and {@code team_name}) and queue,
 * given as Liberty application properties. Both consume their own queue and report their own health
 * (one {@code barterdude} check each in readiness and liveness, told apart by {@code app_name}),
 * metrics and JSON log lines; removing the drop-in undeploys the second, its class loader is
 * released, and the sample keeps working.
 */
class TwoApplicationsIT extends SampleServerTestBase {

  private static final String APP = "acc_orders";
  private static final String QUEUE = "barterdude-sample-it-acc-orders";

  /** The sample's app name (the default) and its metric label app_name. */
  private static final String SAMPLE_NAME = "barterdude";

  private static final String SAMPLE = "barterdude_sample";
  private static final String SAMPLE_VALIDATED_QUEUE = "validated_queue";
  private static final String RECEIVED = MetricsIT.RECEIVED;

  /** A class of the WAR with one copy per running application (one per class loader). */
  private static final String WAR_CLASS = ValidatedConsumer.class.getName();

  private final Path server =
      Path.of(
          System.getProperty("sample.liberty.dir"),
          "usr/servers",
          System.getProperty("sample.liberty.server"));
  private final Path dropIn = server.resolve("configDropins/overrides/acc-orders.xml");

  @Test
  void twoApplicationsConsumeAndReportSeparatelyAndOneLeavesTheOtherWorking() throws Exception {
    broker.declareDurable(QUEUE);
    JvmClasses jvm = new JvmClasses(LibertyServer.SAMPLE.pid());
    try {
      deploySecondApplication();
      await("both applications ready")
          .atMost(120, SECONDS)
          .ignoreExceptions()
          .until(() -> upApplications("/health/ready").equals(List.of(APP, SAMPLE_NAME)));
      assertEquals(List.of(APP, SAMPLE_NAME), upApplications("/health/live"), "/health/live");
      assertEquals(2, jvm.loadedCopies(WAR_CLASS), WAR_CLASS + " loaded by both applications");

      assertEachCountsOnlyItsOwnMessages();
      assertEquals(
          List.of(Map.of("app_name", APP, "team_name", "")),
          PrometheusMetrics.read().samples(RECEIVED).stream()
              .map(MetricsIT::ownTags)
              .filter(tags -> tags.get("app_name").equals(APP))
              .toList(),
          "acc_orders' labels");
      assertTrue(
          Files.readString(server.resolve("logs/messages.log"))
              .contains("BDCDI0037: metric labels [region] left out"),
          "BDCDI0037 in messages.log");
      assertEachLogsUnderItsOwnName();

      Files.delete(dropIn);
      await("acc_orders undeployed: its subscription cancelled")
          .atMost(120, SECONDS)
          .until(() -> broker.consumerCount(QUEUE) == 0);
      await("only the sample left in /health/ready")
          .atMost(60, SECONDS)
          .ignoreExceptions()
          .until(() -> upApplications("/health/ready").equals(List.of(SAMPLE_NAME)));
      assertTheSampleStillForwards();
      await("acc_orders' class loader released")
          .atMost(120, SECONDS)
          .pollInterval(5, SECONDS)
          .until(() -> jvm.loadedCopies(WAR_CLASS) == 1);
    } finally {
      Files.deleteIfExists(dropIn);
      broker.deleteQueue(QUEUE);
    }
  }

  /** Three messages for acc_orders and one for the sample: each counter moves by its own. */
  private void assertEachCountsOnlyItsOwnMessages() throws Exception {
    PrometheusMetrics before = PrometheusMetrics.read();
    String id = UUID.randomUUID().toString();
    try (ForwardedMessages forwarded = forwarded()) {
      for (int i = 0; i < 3; i++) {
        broker.publish(QUEUE, "{\"key\":\"" + id + "\"}");
      }
      broker.publish("queue1", "{\"id\":\"" + id + "\"}");
      broker.publish(SAMPLE_VALIDATED_QUEUE, "{\"key\":\"" + id + "\"}");
      await("5 forwarded").atMost(30, SECONDS).until(() -> forwarded.count(id) == 5);
    }
    await("each application's counter")
        .atMost(30, SECONDS)
        .untilAsserted(
            () -> {
              PrometheusMetrics after = PrometheusMetrics.read();
              assertEquals(3, MetricsIT.delta(before, after, RECEIVED, "app_name", APP), APP);
              assertEquals(
                  2,
                  MetricsIT.delta(
                      before, after, RECEIVED, "app_name", SAMPLE, "team_name", "my_team"),
                  () ->
                      SAMPLE
                          + ": "
                          + before.samples(RECEIVED)
                          + " then "
                          + after.samples(RECEIVED));
            });
  }

  /**
   * A message that fails validation in each application's validating consumer: the Logging hook's
   * SEVERE line for each carries that application's name, as {@code app_name} and as the namespace
   * of its logger.
   */
  private void assertEachLogsUnderItsOwnName() {
    String id = UUID.randomUUID().toString();
    broker.publish(QUEUE, "{\"id\":\"" + id + "\"}");
    broker.publish(SAMPLE_VALIDATED_QUEUE, "{\"id\":\"" + id + "\"}");
    await("each application's failure logged")
        .atMost(30, SECONDS)
        .untilAsserted(
            () -> {
              assertEquals(List.of(APP), loggedFailures(QUEUE), QUEUE);
              assertEquals(
                  List.of(SAMPLE_NAME), loggedFailures(SAMPLE_VALIDATED_QUEUE), "validated_queue");
            });
  }

  /**
   * The app names of the Logging hook's failure lines about a queue in messages.log (JSON after
   * Liberty's {@code SystemOut O} prefix), each checked against its logger's namespace.
   */
  private List<String> loggedFailures(String queue) throws Exception {
    try (Stream<String> lines = Files.lines(server.resolve("logs/messages.log"))) {
      return lines
          .filter(line -> line.contains("\"Failed to consume message\""))
          .map(line -> json(line.substring(line.indexOf('{'))))
          .filter(line -> line.getString("queue").equals(queue))
          .map(
              line -> {
                String appName = line.getString("app_name");
                assertEquals(appName + ".hooks.logging", line.getString("logger"), "logger");
                return appName;
              })
          .distinct()
          .toList();
    }
  }

  private void assertTheSampleStillForwards() throws Exception {
    String id = UUID.randomUUID().toString();
    try (ForwardedMessages forwarded = forwarded()) {
      broker.publish("queue1", "{\"id\":\"" + id + "\"}");
      await("the sample still forwards").atMost(30, SECONDS).until(() -> forwarded.count(id) == 1);
    }
  }

  /** A copy of the sample WAR, deployed with its own settings (Liberty's appProperties). */
  private void deploySecondApplication() throws Exception {
    Path war = Path.of("target", "acc-orders.war").toAbsolutePath();
    Files.copy(
        Path.of("target", "barterdude-sample-war.war"), war, StandardCopyOption.REPLACE_EXISTING);
    Files.createDirectories(dropIn.getParent());
    Files.writeString(
        dropIn,
        """
        <server>
          <webApplication id="acc-orders" name="acc-orders" location="%s" contextRoot="/acc">
            <appProperties>
              <property name="barterdude.default.app-name" value="%s"/>
              <property name="barterdude.metrics.labels" value="app_name=%s,region=eu"/>
              <property name="barterdude.connection-name" value="barterdude-sample-it-acc"/>
              <property name="barterdude.consumer.ValidatedConsumer.forwardValid.queues"
                        value="%s"/>
              <property name="barterdude.consumer.SampleConsumer.yourConsumer.enabled"
                        value="false"/>
              <property name="sample.admin.enabled" value="false"/>
            </appProperties>
          </webApplication>
        </server>
        """
            .formatted(war, APP, APP, QUEUE));
  }

  /** The app names of the BarterDude checks that are UP in a health route, in order. */
  private static List<String> upApplications(String route) throws Exception {
    return SampleServer.get(route)
        .json()
        .getJsonArray("checks")
        .getValuesAs(JsonObject.class)
        .stream()
        .filter(check -> check.getString("name").equals("barterdude"))
        .filter(check -> check.getString("status").equals("UP"))
        .map(check -> check.getJsonObject("data").getString("app_name"))
        .sorted()
        .toList();
  }

  private static JsonObject json(String text) {
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }
}
