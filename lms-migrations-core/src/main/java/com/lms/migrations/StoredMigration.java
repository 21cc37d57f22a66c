package com.lms.migrations;

import java.time.Instant;

/**
 * A migration's status document as read from the database.
 *
 * @param lastDirection the direction of the last run, {@code null} if it never ran
 * @param running who is running it, {@code null} unless {@link MigrationState#RUNNING}
 */
record StoredMigration(
    String name,
    int version,
    String description,
    MigrationState state,
    Instant executedAt,
    Long executionTime,
    String error,
    Direction lastDirection,
    Running running) {

  /** The runner that marked a migration as running. */
  record Running(String owner, String host, long pid, Instant since, Direction direction) {}

  MigrationStatus toStatus() {
    return new MigrationStatus(name, version, state, executedAt, executionTime, error);
  }

  /** Whether a rollback makes sense: the changes are (or may partly be) in the database. */
  boolean isRollbackable() {
    return state == MigrationState.COMPLETED
        || (state == MigrationState.FAILED && lastDirection == Direction.DOWN);
  }

  /** Whether {@code upAll} should run it. */
  boolean needsUp() {
    return state != MigrationState.COMPLETED;
  }
}
