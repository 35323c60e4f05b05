package io.barterdude.benchmark;

import io.barterdude.BarterDude;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.List;

/**
 * An application bean publishing through the injected {@link BarterDude}: copies of one body in
 * confirmed batches.
 */
@ApplicationScoped
public class BatchSender {

  @Inject BarterDude barterdude;

  void send(String queue, byte[] body, int count, int batchSize) {
    List<byte[]> batch = Collections.nCopies(batchSize, body);
    for (int sent = 0; sent < count; sent += batchSize) {
      barterdude.publishBatch("", queue, batch.subList(0, Math.min(batchSize, count - sent)));
    }
  }
}
