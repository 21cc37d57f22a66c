package com.lms.migrations.validation;

import com.lms.migrations.MigrationRunner;
import java.util.Objects;

/**
 * Which disagreements between the code and the recorded history {@link MigrationRunner#validate}
 * tolerates. A tolerated disagreement is not reported at all; every other one is a {@link
 * ValidationFinding} with the severity its {@link ValidationFinding.Kind} documents.
 *
 * @param ignoreMissing whether a migration recorded as applied may be missing from the code ({@link
 *     ValidationFinding.Kind#MISSING})
 * @param outOfOrder whether a pending migration may have a version below the highest applied one
 *     ({@link ValidationFinding.Kind#OUT_OF_ORDER})
 * @param checksums what an applied migration whose code changed since it was applied is ({@link
 *     ValidationFinding.Kind#CHANGED}): an error, a warning, or not checked
 */
public record ValidationPolicy(boolean ignoreMissing, boolean outOfOrder, ChecksumCheck checksums) {

  /**
   * Checks the policy.
   *
   * @param ignoreMissing whether a migration recorded as applied may be missing from the code
   * @param outOfOrder whether a pending migration may have a version below the highest applied one
   * @param checksums what an applied migration whose code changed is
   */
  public ValidationPolicy {
    Objects.requireNonNull(checksums, "checksums must not be null");
  }

  /**
   * A policy that fails on changed code ({@link ChecksumCheck#FAIL}).
   *
   * @param ignoreMissing whether a migration recorded as applied may be missing from the code
   * @param outOfOrder whether a pending migration may have a version below the highest applied one
   */
  public ValidationPolicy(boolean ignoreMissing, boolean outOfOrder) {
    this(ignoreMissing, outOfOrder, ChecksumCheck.FAIL);
  }

  /**
   * Tolerates nothing: the default.
   *
   * @return the strict policy
   */
  public static ValidationPolicy strict() {
    return new ValidationPolicy(false, false);
  }

  /**
   * This policy, with another check of changed code.
   *
   * @param checksums what an applied migration whose code changed is
   * @return the policy
   */
  public ValidationPolicy withChecksums(ChecksumCheck checksums) {
    return new ValidationPolicy(ignoreMissing, outOfOrder, checksums);
  }

  /** What an applied migration whose code changed since it was applied is. */
  public enum ChecksumCheck {

    /** An error: nothing is run until the change is undone or accepted. */
    FAIL,

    /** A warning, logged and reported; migrations run. */
    WARN,

    /** Not checked (the fingerprints are still recorded). */
    OFF
  }
}
