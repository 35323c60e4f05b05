package io.barterdude.testing;

import java.util.Map;

/**
 * One call recorded by a test double: the method's name and its arguments by name.
 *
 * @param method the method, e.g. {@code accept}, {@code reject} or {@code publish}
 * @param arguments the arguments by name, e.g. {@code requeue}, {@code exchange}
 */
public record Call(String method, Map<String, Object> arguments) {

  /**
   * Creates a call record.
   *
   * @param method the method
   * @param arguments the arguments by name
   */
  public Call {
    arguments = Map.copyOf(arguments);
  }
}
