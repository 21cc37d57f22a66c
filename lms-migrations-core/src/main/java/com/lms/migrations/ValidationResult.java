package com.lms.migrations;

import java.util.List;

/**
 * What {@link MigrationRunner#validate} found.
 *
 * @param errors disagreements that make running unsafe, each with the stored and the local value
 *     and the fix
 * @param warnings things worth fixing that do not stop a run
 * @param future migrations recorded above the highest version this build knows, applied by a newer
 *     build (this one is an older build, for example one a deploy was rolled back to); lowest
 *     version first
 */
public record ValidationResult(
    List<String> errors, List<String> warnings, List<MigrationStatus> future) {

  /** Copies the lists. */
  public ValidationResult {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
    future = List.copyOf(future);
  }

  /**
   * A result without future migrations.
   *
   * @param errors disagreements that make running unsafe
   * @param warnings things worth fixing that do not stop a run
   */
  public ValidationResult(List<String> errors, List<String> warnings) {
    this(errors, warnings, List.of());
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
