package com.lms.migrations;

/**
 * A rollback was asked for a migration that has nothing to roll back: it was never applied ({@code
 * PENDING}), or another instance is running it right now ({@code RUNNING}); or a change of its code
 * was to be accepted while it is not applied, so no fingerprint is recorded to replace.
 */
public class MigrationNotAppliedException extends MigrationException {

  /** The migration that was asked to roll back. */
  private final String migrationName;

  /** Its recorded state. */
  private final MigrationState state;

  MigrationNotAppliedException(String migrationName, MigrationState state) {
    super(
        ErrorCode.MIGRATION_NOT_APPLIED,
        "Cannot roll back migration '"
            + migrationName
            + "': it is "
            + state
            + (state == MigrationState.RUNNING
                ? ": another instance is running it now. Wait for it to finish, then check its"
                    + " status."
                : ", never applied, so there is nothing to roll back. COMPLETED and FAILED"
                    + " migrations can be rolled back; check its status first."));
    this.migrationName = migrationName;
    this.state = state;
  }

  /** Accepting a changed code: only an applied migration has a fingerprint to replace. */
  static MigrationNotAppliedException noChangeToAccept(String migrationName, MigrationState state) {
    return new MigrationNotAppliedException(
        migrationName,
        state,
        "Cannot accept a change of migration '"
            + migrationName
            + "': it is "
            + state
            + ", not applied. Its code's fingerprint is recorded when it is applied, so there is no"
            + " change to accept.");
  }

  private MigrationNotAppliedException(String migrationName, MigrationState state, String message) {
    super(ErrorCode.MIGRATION_NOT_APPLIED, message);
    this.migrationName = migrationName;
    this.state = state;
  }

  /**
   * The migration that was asked to roll back.
   *
   * @return its name
   */
  public String getMigrationName() {
    return migrationName;
  }

  /**
   * Its recorded state.
   *
   * @return the state that prevented the rollback
   */
  public MigrationState getState() {
    return state;
  }
}
