package io.barterdude.internal.config;

import io.barterdude.BarterDudeException;
import java.util.List;

/** Thrown when one or more configuration keys hold invalid values; lists them all. */
public class InvalidConfigurationException extends BarterDudeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param problems one line per invalid key (never a secret value)
   */
  public InvalidConfigurationException(List<String> problems) {
    super("BDCDI0010: invalid BarterDude configuration: " + String.join("; ", problems), null);
  }
}
