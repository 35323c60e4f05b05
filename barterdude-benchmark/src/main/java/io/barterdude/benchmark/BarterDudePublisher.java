package io.barterdude.benchmark;

import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Confirmed publishing through {@link io.barterdude.BarterDude#publishBatch} (by {@link
 * BatchSender}): batches of {@code window} messages, each waiting for all its confirms, from a CDI
 * SE application with default settings (mandatory publishing included).
 */
final class BarterDudePublisher implements Publisher {

  private final int window;
  private BarterDudeApp app;

  BarterDudePublisher(int window) {
    this.window = window;
  }

  @Override
  public void open() throws Exception {
    app = BarterDudeApp.start(Map.of(), BatchSender.class);
    HealthCheck readiness = app.bean(HealthCheck.class, Readiness.Literal.INSTANCE);
    long deadline = System.currentTimeMillis() + 20_000;
    while (readiness.call().getStatus() != HealthCheckResponse.Status.UP) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("BarterDude did not connect: " + readiness.call());
      }
      Thread.sleep(10);
    }
  }

  @Override
  public void publish(String queue, byte[] body, int count) {
    app.bean(BatchSender.class).send(queue, body, count, window);
  }

  @Override
  public void close() {
    if (app != null) {
      app.close();
    }
  }
}
