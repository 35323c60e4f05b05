package io.barterdude.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.barterdude.Topology;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The topology keys are read by the one configuration reader, every bad entry reported at once. */
class TopologyConfigTest {

  @Test
  void entriesAreStrippedAndArgumentsTyped() {
    Topology topology =
        TopologyConfig.read(
            ConsumerOverridesTest.config(
                Map.of(
                    "barterdude.topology.exchange.orders.type", " topic ",
                    "barterdude.topology.queue.orders-in.arguments",
                        " x-queue-type = quorum , x-delivery-limit=5, x-single-active-consumer=true",
                    "barterdude.topology.binding.orders-in", " orders : order.* , audit ")));
    assertEquals(List.of(new Topology.Exchange("orders", "topic")), topology.exchanges());
    assertEquals(
        List.of(
            new Topology.Queue(
                "orders-in",
                Map.of(
                    "x-queue-type",
                    "quorum",
                    "x-delivery-limit",
                    5,
                    "x-single-active-consumer",
                    true))),
        topology.queues());
    assertEquals(
        List.of(
            new Topology.Binding("orders-in", "orders", "order.*"),
            new Topology.Binding("orders-in", "audit", "")),
        topology.bindings());
  }

  @Test
  void everyBadEntryIsReportedInTheReadersFormat() {
    InvalidConfigurationException error =
        assertThrows(
            InvalidConfigurationException.class,
            () ->
                TopologyConfig.read(
                    ConsumerOverridesTest.config(
                        Map.of(
                            "barterdude.topology.queue.q.arguments", "x-max-length",
                            "barterdude.topology.binding.q", "a,,b",
                            "barterdude.topology.exchnge.x.type", "direct"))));
    assertEquals(
        "BDCDI0010: invalid BarterDude configuration: "
            + "barterdude.topology.binding.q must be a comma-separated list without empty items,"
            + " was 'a,,b'; "
            + "barterdude.topology.exchnge.x.type must be named exchange.<name>.type,"
            + " queue.<name>.arguments or binding.<queue>, was 'direct'; "
            + "barterdude.topology.queue.q.arguments must be name=value pairs separated by"
            + " commas, was 'x-max-length'",
        error.getMessage());
  }
}
