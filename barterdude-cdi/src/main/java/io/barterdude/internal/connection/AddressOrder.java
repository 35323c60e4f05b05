package io.barterdude.internal.connection;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.AddressResolver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The order in which a connect, and each recovery, tries the nodes of {@code barterdude.addresses}:
 * a new random order each time ({@code address-shuffle=random}, what the client does by itself), so
 * that the instances of an application spread over a cluster's nodes, or the order listed ({@code
 * none}), so that every instance uses the first node that answers.
 */
final class AddressOrder implements AddressResolver {

  private final List<Address> addresses;
  private final boolean shuffle;

  AddressOrder(List<Address> addresses, boolean shuffle) {
    this.addresses = List.copyOf(addresses);
    this.shuffle = shuffle;
  }

  @Override
  public List<Address> getAddresses() {
    return addresses;
  }

  @Override
  public List<Address> maybeShuffle(List<Address> input) {
    if (!shuffle) {
      return input;
    }
    List<Address> shuffled = new ArrayList<>(input);
    Collections.shuffle(shuffled);
    return shuffled;
  }
}
