package com.lms.migrations;

import java.util.List;

/**
 * What {@link MigrationRunner#validate} found.
 *
 * @param errors disagreements that make running unsafe, each with the stored and the local value
 *     and the fix
 * @param warnings things worth fixing that do not stop a run
 */
public record ValidationResult(List<String> errors, List<String> warnings) {

  /** Copies the lists. */
  public ValidationResult {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  /**
   * Whether nothing stops a run.
   *
   * @return {@code true} when there is no error
   */
  public boolean isValid() {
    return errors.isEmpty();
  }

  /**
   * Throws when there are errors.
   *
   * @throws MigrationValidationException listing every error
   */
  public void throwIfInvalid() {
    if (!isValid()) {
      throw new MigrationValidationException(errors);
    }
  }
}
