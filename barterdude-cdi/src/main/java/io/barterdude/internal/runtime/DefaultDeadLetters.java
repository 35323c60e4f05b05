package io.barterdude.internal.runtime;

import io.barterdude.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The {@link DeadLetters} bean applications inject. */
@ApplicationScoped
public class DefaultDeadLetters implements DeadLetters {

  @Inject BarterDudeRuntime runtime;

  @Override
  public long replay(String queue) {
    return runtime.replayDeadLetters(queue);
  }
}
