package io.barterdude.arquillian;

import io.barterdude.arquillian.app.ArqConsumers;
import io.barterdude.it.TestBroker;
import io.barterdude.testing.ConsumerTesting;
import jakarta.enterprise.inject.spi.Extension;
import java.io.File;
import java.util.Arrays;
import java.util.Objects;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Builds the test WAR: the test application ({@code io.barterdude.arquillian.app}) and the tests,
 * {@code beans.xml}, the testing extension (so that the tests can inject {@code ConsumerTester}), a
 * MicroProfile Config file naming this server's queues, and in {@code WEB-INF/lib} the library with
 * its runtime dependencies, copied by the build into the directory {@code arquillian.war.libs} (the
 * module's runtime classpath, so the library built in the reactor is used, and nothing needs to be
 * installed in {@code ~/.m2}).
 */
final class TestWar {

  /** The WAR's name, hence its context root on both servers. */
  static final String NAME = "barterdude-arquillian";

  private static final String BEANS_XML =
      """
      <beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0"
             bean-discovery-mode="annotated"/>
      """;

  private TestWar() {}

  static WebArchive create() {
    TestServer server = TestServer.current();
    return ShrinkWrap.create(WebArchive.class, NAME + ".war")
        .addPackages(true, TestWar.class.getPackage())
        .addPackage(TestBroker.class.getPackage())
        .addAsWebInfResource(new StringAsset(BEANS_XML), "beans.xml")
        .addAsServiceProvider(Extension.class, ConsumerTesting.class)
        .addAsResource(new StringAsset(config(server)), "META-INF/microprofile-config.properties")
        .addAsLibraries(libraries());
  }

  /**
   * The test application's configuration. It leaves {@code barterdude.callback.enabled} unset on
   * purpose: the callback endpoint must be off by default.
   */
  static String config(TestServer server) {
    return String.join(
        "\n",
        "arq.server=" + server.id(),
        "arq.reply-queue=" + server.queue("reply"),
        "arq.topology-queue=" + server.queue("topology"),
        "barterdude.consumer." + ArqConsumers.FORWARD + ".queues=" + server.queue("forward"),
        "barterdude.consumer." + ArqConsumers.FAIL + ".queues=" + server.queue("fail"),
        "barterdude.connection-name=" + server.connectionName(),
        "barterdude.metrics.labels=app_name=barterdude_arquillian,server=" + server.id(),
        // Failures caused on purpose must not make the application unhealthy for other tests.
        "barterdude.healthcheck.success-rate=0",
        "barterdude.reconnect-delay-ms=200",
        "");
  }

  private static File[] libraries() {
    String directory =
        Objects.requireNonNull(
            System.getProperty("arquillian.war.libs"),
            "system property arquillian.war.libs (set by the pom) is missing");
    File[] jars = new File(directory).listFiles((dir, name) -> name.endsWith(".jar"));
    if (jars == null
        || Arrays.stream(jars).noneMatch(jar -> jar.getName().startsWith("barterdude-cdi"))) {
      throw new IllegalStateException("no barterdude-cdi jar in " + directory);
    }
    return jars;
  }
}
