package com.lms.migrations.validation;

import com.lms.migrations.MigrationRunner;

/**
 * Which disagreements between the code and the recorded history {@link MigrationRunner#validate}
 * tolerates. A tolerated disagreement is not reported at all; every other one is a {@link
 * ValidationFinding} with the severity its {@link ValidationFinding.Kind} documents.
 *
 * @param ignoreMissing whether a migration recorded as applied may be missing from the code ({@link
 *     ValidationFinding.Kind#MISSING})
 * @param outOfOrder whether a pending migration may have a version below the highest applied one
 *     ({@link ValidationFinding.Kind#OUT_OF_ORDER})
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
