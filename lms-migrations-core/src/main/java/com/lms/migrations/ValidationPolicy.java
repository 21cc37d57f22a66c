package com.lms.migrations;

/**
 * Which disagreements between the code and the recorded history {@link MigrationRunner#validate}
 * tolerates.
 *
 * @param ignoreMissing whether a migration recorded as applied may be missing from the code
 * @param outOfOrder whether a pending migration may have a version below the highest applied one
 */
public record ValidationPolicy(boolean ignoreMissing, boolean outOfOrder) {

  /**
   * Tolerates nothing: the default.
   *
   * @return the strict policy
   */
  public static ValidationPolicy strict() {
    return new ValidationPolicy(false, false);
  }
}
