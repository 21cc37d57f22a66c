package com.lms.migrations;

import java.util.List;

/** The registered migrations disagree with the recorded history; nothing was run. */
public class MigrationValidationException extends MigrationException {

  private final List<String> errors;

  MigrationValidationException(List<String> errors) {
    super(
        "Migrations do not match the recorded history, so nothing was run:\n - "
            + String.join("\n - ", errors));
    this.errors = List.copyOf(errors);
  }

  /**
   * Every disagreement found.
   *
   * @return the errors
   */
  public List<String> getErrors() {
    return errors;
  }
}
