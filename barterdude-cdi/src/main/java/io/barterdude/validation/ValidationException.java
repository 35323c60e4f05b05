package io.barterdude.validation;

import io.barterdude.BarterDudeException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a message does not match its JSON Schema, or is not JSON at all. Lists every
 * violation with its JSON Pointer; never contains the message body.
 */
public class ValidationException extends BarterDudeException {

  private static final long serialVersionUID = 1L;

  /**
   * One schema violation.
   *
   * @param pointer the JSON Pointer of the offending value ({@code ""} for the whole document)
   * @param message what is wrong with it
   */
  public record Violation(String pointer, String message) {
    @Override
    public String toString() {
      return (pointer.isEmpty() ? "/" : pointer) + ": " + message;
    }
  }

  private final transient List<Violation> violations;

  /**
   * Creates the exception.
   *
   * @param violations every violation found, at least one
   */
  public ValidationException(List<Violation> violations) {
    super(
        "the message is invalid: "
            + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")),
        null);
    this.violations = List.copyOf(violations);
  }

  /**
   * Every violation found, in document order.
   *
   * @return the violations
   */
  public List<Violation> violations() {
    return violations;
  }
}
