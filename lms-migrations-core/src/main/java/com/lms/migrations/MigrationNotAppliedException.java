package com.lms.migrations;

/** A rollback was asked for a migration whose changes are not in the database. */
public class MigrationNotAppliedException extends MigrationException {

  private final String migrationName;
  private final MigrationState state;

  MigrationNotAppliedException(String migrationName, MigrationState state) {
    super(
        "Cannot roll back migration '"
            + migrationName
            + "': it is "
            + state
            + ", not applied. Only COMPLETED migrations (or ones whose rollback failed) can be"
            + " rolled back; check its status first.");
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
