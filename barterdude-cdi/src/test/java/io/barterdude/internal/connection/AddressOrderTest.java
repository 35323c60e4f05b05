package io.barterdude.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Address;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code barterdude.address-shuffle}: the order each connect and recovery tries the nodes in. */
class AddressOrderTest {

  static final List<Address> NODES =
      List.of(new Address("n1", 5672), new Address("n2", 5673), new Address("n3", 5674));

  @Test
  void noneTriesTheNodesInTheOrderListedEveryTime() {
    AddressOrder order = new AddressOrder(NODES, false);
    for (int i = 0; i < 20; i++) {
      assertEquals(NODES, order.maybeShuffle(order.getAddresses()));
    }
  }

  /**
   * Each of 300 connects starts with each node about a third of the time (the chance that a node
   * leads fewer than 50 times is below 1e-9), and always tries every node.
   */
  @Test
  void randomSpreadsTheFirstNodeTriedOverEveryNode() {
    AddressOrder order = new AddressOrder(NODES, true);
    int[] first = new int[NODES.size()];
    for (int i = 0; i < 300; i++) {
      List<Address> tried = order.maybeShuffle(order.getAddresses());
      assertEquals(Set.copyOf(NODES), new HashSet<>(tried));
      assertEquals(NODES.size(), tried.size());
      first[NODES.indexOf(tried.get(0))]++;
    }
    assertTrue(IntStream.of(first).allMatch(count -> count >= 50), Arrays.toString(first));
  }
}
